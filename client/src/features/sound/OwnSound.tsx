import type { SessionState } from '../../state/sessionState.ts';
import { currentOwnSound, ownSoundWarning } from './ownSoundAdvice.ts';

/** Tells a speaker that their own sound reaches the booths poorly, and what to do; gone once it is fine. */
export function OwnSound({ state }: { state: SessionState }) {
  const quality = currentOwnSound(state);
  const warning = quality && ownSoundWarning(quality);
  if (!warning) return null;
  return (
    <div role="alert" className="notice own-sound" data-testid="own-sound-warning">
      <p>{warning.headline}</p>
      {warning.advice.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
