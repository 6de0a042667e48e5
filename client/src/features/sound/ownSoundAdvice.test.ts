import { describe, expect, it } from 'vitest';
import type { InputQuality } from '@multaqa/shared';
import { initialSessionState, type SessionState } from '../../state/sessionState.ts';
import { currentOwnSound, ownSoundWarning } from './ownSoundAdvice.ts';

const quality = (over: Partial<InputQuality> = {}): InputQuality => ({ status: 'good', problems: [], causes: [], lossPercent: 0, jitterMs: 3, levelDbov: -24, clipping: false, ...over });
const lossy = quality({ status: 'poor', problems: ['packet loss 8%', 'unsteady delivery (jitter 130 ms)'], causes: ['loss', 'jitter'], lossPercent: 8 });

describe("a speaker's own sound", () => {
  it('says nothing while it is good or merely silent', () => {
    expect(ownSoundWarning(quality())).toBeUndefined();
    expect(ownSoundWarning(quality({ status: 'silent', problems: ['no sound for 9 s'], causes: ['silence'] }))).toBeUndefined();
  });

  it('says why and what to do, one piece of advice per cure', () => {
    const warning = ownSoundWarning(lossy)!;
    expect(warning.headline).toBe('The interpreters hear you poorly — packet loss 8%; unsteady delivery (jitter 130 ms).');
    expect(warning.advice).toHaveLength(1);
    expect(warning.advice[0]).toMatch(/cable/);
    const loud = ownSoundWarning(quality({ status: 'poor', problems: ['distorted: the microphone is too loud (clipping)'], causes: ['clipping'] }))!;
    expect(loud.advice).toEqual([expect.stringMatching(/input level down/)]);
  });

  it('applies only to the microphone this person sends now, while it is on', () => {
    const track = {} as MediaStreamTrack;
    const state = (on: boolean, producerId: string): SessionState => ({
      ...initialSessionState,
      local: { microphone: { track, on, producerId } },
      ownSound: { producerId: 'mic-1', quality: lossy },
    });
    expect(currentOwnSound(state(true, 'mic-1'))).toBe(lossy);
    expect(currentOwnSound(state(false, 'mic-1'))).toBeUndefined(); // muted: nothing to fix now
    expect(currentOwnSound(state(true, 'mic-2'))).toBeUndefined(); // a new microphone: not yet measured
  });
});
