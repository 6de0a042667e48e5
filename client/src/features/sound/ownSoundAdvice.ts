import type { InputProblem, InputQuality } from '@multaqa/shared';
import type { SessionState } from '../../state/sessionState.ts';

const ADVICE: Record<InputProblem, string> = {
  loss: 'Your connection is losing sound on its way: use a cable or move closer to the Wi-Fi router, and close other apps that use the network.',
  jitter: 'Your connection delivers sound unevenly: use a cable or move closer to the Wi-Fi router, and close other apps that use the network.',
  clipping: 'Your microphone is too loud and distorts: turn its input level down, or hold it a little further from your mouth.',
  quiet: 'Your microphone is very quiet: move closer to it, or check that the right microphone is chosen and its input level is up.',
  silence: 'No sound arrives from your microphone: check that the right microphone is chosen and not muted on the device.',
};

/** What to tell a speaker whose own sound is poor: the reasons, then what to do about each. */
export function ownSoundWarning(quality: InputQuality): { headline: string; advice: string[] } | undefined {
  if (quality.status !== 'poor') return undefined;
  // Loss and jitter have the same cure: say it once.
  const causes = quality.causes.filter((cause) => !(cause === 'jitter' && quality.causes.includes('loss')));
  return {
    headline: `The interpreters hear you poorly — ${quality.problems.join('; ')}.`,
    advice: causes.map((cause) => ADVICE[cause]),
  };
}

/** The warning applies while the microphone it is about is the one this person sends, and is on. */
export function currentOwnSound(state: SessionState): InputQuality | undefined {
  const microphone = state.local.microphone;
  const own = state.ownSound;
  if (!own || !microphone?.on || microphone.producerId !== own.producerId) return undefined;
  return own.quality;
}
