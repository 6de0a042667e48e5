/** What a speaker should do about their microphone's level, judged over the last few seconds (the words: levelMeter.hint.* in the catalogues). */
export type LevelHint = 'speak' | 'quiet' | 'good' | 'loud';

const WINDOW_MS = 3_000;
/** A sample this close to full scale is clipped (as the sender's InputReporter counts it). */
const CLIPPED = 0.99;
/** Voice whose loudest moments stay under this RMS is too weak to interpret (about −40 dBFS). */
const QUIET_RMS = 0.01;
/** Under this (about −60 dBFS) nobody is speaking: nothing to judge yet. */
const SPEAKING_RMS = 0.001;
/** A microphone just opened (and the browser's processing settling) gives a burst that says nothing of the voice. */
const SETTLE_MS = 500;

type Reading = { at: number; rms: number; clipped: boolean };

/** Keeps the last seconds of a microphone's frames and says what they add up to. */
export class LevelHintTracker {
  readonly #readings: Reading[] = [];
  #openedAt: number | undefined;

  /** One analyser frame of samples (−1…1) taken at `at` ms. */
  add(samples: Float32Array, at: number): LevelHint {
    this.#openedAt ??= at;
    if (at - this.#openedAt < SETTLE_MS) return 'speak';
    let energy = 0;
    let clipped = false;
    for (const sample of samples) {
      energy += sample * sample;
      if (Math.abs(sample) >= CLIPPED) clipped = true;
    }
    this.#readings.push({ at, rms: Math.sqrt(energy / Math.max(1, samples.length)), clipped });
    while (this.#readings.length > 0 && at - this.#readings[0]!.at > WINDOW_MS) this.#readings.shift();
    return this.hint();
  }

  hint(): LevelHint {
    const readings = this.#readings;
    // Clipping in more than one frame in a hundred is heard as distortion, not a stray peak.
    if (readings.filter((r) => r.clipped).length > Math.max(1, readings.length / 100)) return 'loud';
    const loudest = Math.max(0, ...readings.map((r) => r.rms));
    if (loudest < SPEAKING_RMS) return 'speak';
    return loudest < QUIET_RMS ? 'quiet' : 'good';
  }
}
