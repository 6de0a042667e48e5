import type { SessionState } from '../../state/sessionState.ts';
import { describeFloorSound, floorSoundLines } from './floorSoundLines.ts';

/**
 * How the floor's microphones reach the server, for the booths and the chair: one quiet line while
 * the sound is fine, a warning that says why when it is not interpretable (ISO 20108).
 */
export function FloorSound({ state, quietLineOnPhones = true }: { state: SessionState; quietLineOnPhones?: boolean }) {
  const lines = floorSoundLines(state);
  const problems = lines.filter((line) => line.warns);
  const fine = lines.filter((line) => !line.warns);
  if (problems.length === 0 && fine.length === 0) return null;
  return (
    <div className="floor-sound">
      {problems.map((line) => (
        <p key={line.producerId} role="alert" className={`notice ${line.quality.status === 'poor' ? 'error' : ''}`} data-testid="floor-sound-warning" data-status={line.quality.status}>
          {describeFloorSound(line)}
        </p>
      ))}
      {fine.length > 0 && (
        <p className={quietLineOnPhones ? 'muted' : 'muted wide-only'} data-testid="floor-sound" data-status="good">
          Floor sound: {fine.map(describeFloorSound).join('; ')}
        </p>
      )}
    </div>
  );
}
