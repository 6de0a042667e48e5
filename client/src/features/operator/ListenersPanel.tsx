import type { OperatorOverview } from '@multaqa/shared';
import { languageName } from '../../components/roleLabel.ts';

/** Listeners of the floor and of each channel, on every server process. */
export function ListenersPanel({ overview }: { overview: OperatorOverview }) {
  const { listeners, booths, session } = overview;
  return (
    <section className="operator-panel" aria-labelledby="operator-listeners">
      <h2 id="operator-listeners">Listeners</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Listeners</th>
            <th scope="col">Interpretation</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Floor ({languageName(session.floorLanguage)})</th>
            <td data-testid="listeners-floor">{listeners.floor}</td>
            <td />
          </tr>
          {booths.map((booth) => (
            <tr key={booth.language}>
              <th scope="row">{languageName(booth.language)}</th>
              <td data-testid={`listeners-${booth.language}`}>{listeners.channels[booth.language] ?? 0}</td>
              <td className={booth.live ? 'live' : 'muted'}>{booth.live ? 'live' : 'idle'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
