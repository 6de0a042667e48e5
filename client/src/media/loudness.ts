/**
 * Loudness as ITU-R BS.1770 / EBU R 128 define it: K-weighting (a high shelf for the head's
 * effect, a high-pass for the ear's deafness to rumble), mean square, −0.691 + 10·log10.
 * Pure, so it is tested without a browser; `streamLoudness.ts` runs it in Web Audio.
 */

export type Biquad = { feedforward: [number, number, number]; feedback: [number, number, number] };

/** The two K-weighting stages for `sampleRate` (the standard gives 48 kHz; these hold for any rate). */
export function kWeighting(sampleRate: number): [Biquad, Biquad] {
  // Stage 1: a +4 dB shelf above about 1.7 kHz.
  const shelfHz = 1681.974450955533;
  const shelfGainDb = 3.999843853973347;
  const shelfQ = 0.7071752369554196;
  let k = Math.tan((Math.PI * shelfHz) / sampleRate);
  const vh = 10 ** (shelfGainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / shelfQ + k * k;
  const shelf: Biquad = {
    feedforward: [(vh + (vb * k) / shelfQ + k * k) / a0, (2 * (k * k - vh)) / a0, (vh - (vb * k) / shelfQ + k * k) / a0],
    feedback: [1, (2 * (k * k - 1)) / a0, (1 - k / shelfQ + k * k) / a0],
  };
  // Stage 2: a high-pass at about 38 Hz.
  const highPassHz = 38.13547087602444;
  const highPassQ = 0.5003270373238773;
  k = Math.tan((Math.PI * highPassHz) / sampleRate);
  a0 = 1 + k / highPassQ + k * k;
  const highPass: Biquad = { feedforward: [1, -2, 1], feedback: [1, (2 * (k * k - 1)) / a0, (1 - k / highPassQ + k * k) / a0] };
  return [shelf, highPass];
}

/** LUFS of a K-weighted mean square (one channel). */
export function lufsOf(meanSquare: number): number {
  return meanSquare > 0 ? -0.691 + 10 * Math.log10(meanSquare) : -Infinity;
}

/** Below this a block is silence (EBU R 128's absolute gate): it neither counts nor moves the gain. */
export const SILENCE_LUFS = -70;

/** A block this far under the voice's loudness is a pause or a fading tail, not the voice (EBU R 128's relative gate is 10 LU). */
export const RELATIVE_GATE_LU = 10;

/**
 * Short-term loudness (the last 3 s) from blocks of K-weighted mean square, as they come in.
 * Silent blocks, and blocks well under the voice (a pause, the fading tail after a mute), are
 * left out, so a speaker's pauses do not make them seem quieter.
 */
export class ShortTermLoudness {
  readonly #blocks: Array<{ at: number; meanSquare: number; seconds: number }> = [];

  constructor(private readonly windowMs = 3_000) {}

  /** Adds a block; returns whether it counted as the voice (false: silence or a pause). */
  add(at: number, meanSquare: number, seconds: number): boolean {
    while (this.#blocks.length && at - this.#blocks[0]!.at >= this.windowMs) this.#blocks.shift();
    const lufs = lufsOf(meanSquare);
    const current = this.lufs();
    const voice = lufs >= SILENCE_LUFS && (current === undefined || lufs >= current - RELATIVE_GATE_LU);
    if (voice) this.#blocks.push({ at, meanSquare, seconds });
    return voice;
  }

  /** LUFS over the window, or undefined while it has heard less than half a second of sound (EBU's momentary loudness is 0.4 s). */
  lufs(): number | undefined {
    const seconds = this.#blocks.reduce((sum, block) => sum + block.seconds, 0);
    if (seconds < 0.5) return undefined;
    return lufsOf(this.#blocks.reduce((sum, block) => sum + block.meanSquare * block.seconds, 0) / seconds);
  }
}

export type Normalisation = { targetLufs: number; maxCutDb: number; maxBoostDb: number; dbPerSecond: number };

/** About −23 LUFS (EBU R 128), moving at most 3 dB a second: slow enough not to pump. */
export const NORMALISATION: Normalisation = { targetLufs: -23, maxCutDb: 24, maxBoostDb: 12, dbPerSecond: 3 };

/**
 * The gain (dB) that brings one stream toward the target, eased: it moves only while the stream
 * is heard (never in pauses, so a voice does not swell up when it starts again) and at most
 * `dbPerSecond`, so words within a sentence keep their own dynamics.
 */
export class NormalisingGain {
  #db: number;
  #lastAt: number | undefined;
  #heard = false;

  /** `initialDb`: the gain until the voice is first measured (e.g. that of the voice before it). */
  constructor(
    private readonly settings: Normalisation = NORMALISATION,
    initialDb = 0,
  ) {
    this.#db = initialDb;
  }

  get db(): number {
    return this.#db;
  }

  /** Whether the voice has been measured yet. */
  get heard(): boolean {
    return this.#heard;
  }

  /** A new short-term loudness reading (undefined: not heard lately); returns the gain in dB. */
  update(at: number, lufs: number | undefined): number {
    const elapsed = this.#lastAt === undefined ? 0 : Math.max(0, (at - this.#lastAt) / 1000);
    this.#lastAt = at;
    if (lufs === undefined) return this.#db;
    const { targetLufs, maxCutDb, maxBoostDb, dbPerSecond } = this.settings;
    const wanted = Math.min(maxBoostDb, Math.max(-maxCutDb, targetLufs - lufs));
    // The first reading sets the gain at once: a new voice starts at the right level.
    const step = this.#heard ? dbPerSecond * elapsed : Infinity;
    this.#heard = true;
    this.#db += Math.max(-step, Math.min(step, wanted - this.#db));
    return this.#db;
  }
}

export const dbToGain = (db: number) => 10 ** (db / 20);
