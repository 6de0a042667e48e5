import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dbToGain } from './loudness.ts';
import { PlaybackNormaliser, type LoudnessReader } from './playbackNormaliser.ts';

/** The K-weighted mean square of a voice at `lufs` (one channel). */
const meanSquareAt = (lufs: number) => 10 ** ((lufs + 0.691) / 10);
const asDb = (gain: number | undefined) => 20 * Math.log10(gain ?? Number.NaN);

/** Voices as a listener's page would measure them: each at its own loudness, or silent. */
class Voices {
  readonly loudness = new Map<string, number | null>();
  readonly closed: string[] = [];
  reader(name: string): LoudnessReader {
    return {
      read: () => {
        const lufs = this.loudness.get(name);
        return { meanSquare: lufs == null ? 0 : meanSquareAt(lufs), seconds: 0.5 };
      },
      close: () => this.closed.push(name),
    };
  }
}

describe('PlaybackNormaliser', () => {
  let voices: Voices;
  let gains: Record<string, number>;
  let normaliser: PlaybackNormaliser;
  const source = (name: string) => ({ name }) as unknown as AudioNode;

  beforeEach(() => {
    vi.useFakeTimers();
    voices = new Voices();
    gains = {};
    normaliser = new PlaybackNormaliser((next) => (gains = next), {
      measure: (node) => voices.reader((node as unknown as { name: string }).name),
      running: () => true,
      now: () => Date.now(),
    });
  });
  afterEach(() => {
    normaliser.close();
    vi.useRealTimers();
  });

  it('brings a quiet voice up toward −23 LUFS, no more than 12 dB, and a loud one down', () => {
    voices.loudness.set('quiet', -31);
    voices.loudness.set('whisper', -45);
    voices.loudness.set('loud', -15);
    for (const name of ['quiet', 'whisper', 'loud']) normaliser.add(name, source(name), name);
    vi.advanceTimersByTime(10_000);
    expect(asDb(gains.quiet)).toBeCloseTo(8, 1);
    expect(asDb(gains.whisper)).toBeCloseTo(12, 1);
    expect(asDb(gains.loud)).toBeCloseTo(-8, 1);
  });

  it('moves at most 3 dB a second once a voice is measured, and holds in its pauses', () => {
    voices.loudness.set('sara', -23);
    normaliser.add('sara', source('sara'), 'floor');
    vi.advanceTimersByTime(5_000);
    expect(asDb(gains.sara)).toBeCloseTo(0, 1);
    voices.loudness.set('sara', -30); // she steps back from the microphone
    vi.advanceTimersByTime(2_000);
    expect(asDb(gains.sara)).toBeGreaterThan(0.5);
    expect(asDb(gains.sara)).toBeLessThanOrEqual(6.1);
    voices.loudness.set('sara', null); // a pause: the gain stays where it is
    const held = asDb(gains.sara);
    vi.advanceTimersByTime(5_000);
    expect(asDb(gains.sara)).toBeCloseTo(held, 1);
  });

  it("a new voice starts from the gain of the last one in its group (a handover does not jump), another group's from 0 dB", () => {
    voices.loudness.set('amal', -33); // a quiet booth: lifted by 10 dB
    normaliser.add('amal', source('amal'), 'fr');
    vi.advanceTimersByTime(10_000);
    expect(asDb(gains.amal)).toBeCloseTo(10, 1);
    normaliser.remove('amal');
    expect(voices.closed).toEqual(['amal']);
    // Bruno takes the channel; before he is measured he plays at Amal's gain, not at 0 dB.
    voices.loudness.set('bruno', null);
    normaliser.add('bruno', source('bruno'), 'fr');
    expect(asDb(gains.bruno)).toBeCloseTo(10, 1);
    normaliser.add('lina', source('lina'), 'es');
    expect(gains.lina).toBe(dbToGain(0));
  });
});
