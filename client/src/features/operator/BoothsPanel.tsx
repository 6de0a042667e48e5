import type { OperatorBooth, OperatorInterpreter } from '@multaqa/shared';
import { languageName } from '../../components/roleLabel.ts';
import { levelPercent } from './levels.ts';

/** Every booth: its interpreters, who is on air or coughing, and the level of the voice listeners get. */
export function BoothsPanel({ booths }: { booths: OperatorBooth[] }) {
  return (
    <section className="operator-panel" aria-labelledby="operator-booths">
      <h2 id="operator-booths">Booths</h2>
      <div className="operator-booths">
        {booths.map((booth) => (
          <article key={booth.language} className="operator-booth" aria-label={`${languageName(booth.language)} booth`} data-live={booth.live}>
            <h3>
              {languageName(booth.language)} <span className={booth.live ? 'badge live' : 'badge idle'}>{booth.live ? 'live' : 'idle'}</span>
            </h3>
            {booth.interpreters.length === 0 ? (
              <p className="muted">No interpreter in the booth.</p>
            ) : (
              <ul>
                {booth.interpreters.map((interpreter) => (
                  <InterpreterRow key={interpreter.id} interpreter={interpreter} handoverOffered={booth.handoverOfferedBy === interpreter.id} />
                ))}
              </ul>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}

function InterpreterRow({ interpreter, handoverOffered }: { interpreter: OperatorInterpreter; handoverOffered: boolean }) {
  const { name, onAir, coughing, publishing, level } = interpreter;
  const status = coughing ? 'coughing' : onAir ? 'on air' : 'off air';
  const percent = levelPercent(level);
  return (
    <li data-testid={`interpreter-${interpreter.id}`} data-status={status}>
      <span className="interpreter-name">{name}</span> <span className={`badge ${status.replace(' ', '-')}`}>{status}</span>
      {handoverOffered && <span className="badge">offers handover</span>}
      {!publishing && <span className="muted"> · no microphone connected</span>}
      {onAir && (
        <div className="operator-level">
          <div className="meter" role="meter" aria-label={`Level of ${name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="meter-fill" style={{ width: `${percent}%` }} />
          </div>
          <span className="muted">{level === null ? 'no sound arrives' : `${Math.round(level)} dBov`}</span>
        </div>
      )}
    </li>
  );
}
