import type { Booth } from '@multaqa/shared';
import { DecibelSlider } from '../../components/DecibelSlider.tsx';
import { FLOOR_SCALE } from '../../components/decibels.ts';
import { languageLabel } from '../../components/languageLabel.ts';
import { languageName } from '../../components/roleLabel.ts';
import type { SessionController } from '../../state/sessionController.ts';
import { isBoothLive } from '../../state/mixLevels.ts';
import type { SessionState } from '../../state/sessionState.ts';

/** Pick the language you hear, and how loud the floor stays underneath the interpretation. */
export function ListenerControls({ controller, state }: { controller: SessionController; state: SessionState }) {
  const { session, booths, language, floorLevel } = state;
  if (!session || booths.length === 0) return null;
  const chosen = booths.find((booth) => booth.language === language);
  return (
    <section className="listener-controls" aria-label="Listening language">
      <label className="language-picker">
        <span className="language-picker-label">Listening language</span>
        <select
          aria-label="Listening language"
          data-main-control="language"
          value={language ?? ''}
          onChange={(event) => void controller.chooseLanguage(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">{`Floor (original): ${languageLabel(session.floorLanguage)}`}</option>
          {booths.map((booth) => (
            <option key={booth.language} value={booth.language} data-live={isBoothLive(booth)}>
              {optionLabel(booth)}
            </option>
          ))}
        </select>
      </label>
      <DecibelSlider label="Floor volume" level={floorLevel} scale={FLOOR_SCALE} disabled={!chosen} onChange={(level) => controller.setFloorLevel(level)} />
      {chosen && !isBoothLive(chosen) && (
        <p role="status" className="notice" data-testid="no-interpretation">
          No {languageName(chosen.language)} interpretation right now — you hear the floor.
        </p>
      )}
    </section>
  );
}

function optionLabel(booth: Booth): string {
  return `${languageLabel(booth.language)} · ${isBoothLive(booth) ? 'live' : 'idle'}`;
}
