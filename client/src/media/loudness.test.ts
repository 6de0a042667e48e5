import { describe, expect, it } from 'vitest';
import { kWeighting, lufsOf, NormalisingGain, ShortTermLoudness, type Biquad } from './loudness.ts';

function filter(samples: Float64Array, { feedforward: [b0, b1, b2], feedback: [, a1, a2] }: Biquad): Float64Array {
  const out = new Float64Array(samples.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    out[i] = y;
    [x2, x1, y2, y1] = [x1, x, y1, y];
  }
  return out;
}

function loudnessOfSine(hz: number, amplitude: number, sampleRate = 48_000): number {
  const samples = Float64Array.from({ length: sampleRate * 2 }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  const [shelf, highPass] = kWeighting(sampleRate);
  const weighted = filter(filter(samples, shelf), highPass).subarray(sampleRate); // past the filters' start
  return lufsOf(weighted.reduce((sum, x) => sum + x * x, 0) / weighted.length);
}

describe('loudness (ITU-R BS.1770)', () => {
  it('has the standard K-weighting coefficients at 48 kHz', () => {
    const [shelf, highPass] = kWeighting(48_000);
    const expected = [1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585];
    [...shelf.feedforward, shelf.feedback[1], shelf.feedback[2]].forEach((c, i) => expect(c).toBeCloseTo(expected[i]!, 6));
    expect(highPass.feedback[1]).toBeCloseTo(-1.99004745483398, 6);
    expect(highPass.feedback[2]).toBeCloseTo(0.99007225036621, 6);
  });

  it('reads a full-scale 1 kHz sine as −3.01 LUFS, and 12 dB quieter as 12 LU less, at 48 and 44.1 kHz', () => {
    for (const rate of [48_000, 44_100]) {
      expect(loudnessOfSine(1000, 1, rate)).toBeCloseTo(-3.01, 1);
      expect(loudnessOfSine(1000, 10 ** (-12 / 20), rate)).toBeCloseTo(-15.01, 1);
    }
    // The shelf: high frequencies count more, rumble much less.
    expect(loudnessOfSine(8000, 1)).toBeGreaterThan(-3.01 + 3);
    expect(loudnessOfSine(20, 1)).toBeLessThan(-3.01 - 10);
  });

  it('short-term loudness leaves silent blocks out and forgets what is older than 3 s', () => {
    const meter = new ShortTermLoudness();
    const block = (lufs: number) => 10 ** ((lufs + 0.691) / 10);
    expect(meter.lufs()).toBeUndefined();
    meter.add(500, block(-20), 0.5);
    meter.add(1000, block(-20), 0.5);
    meter.add(1500, 0, 0.5); // a pause
    expect(meter.lufs()).toBeCloseTo(-20, 5);
    for (let at = 2000; at <= 6000; at += 500) meter.add(at, block(-30), 0.5);
    expect(meter.lufs()).toBeCloseTo(-30, 5);
  });

  it('leaves out what is well under the voice (the fading tail after a mute), and says so', () => {
    const meter = new ShortTermLoudness();
    const block = (lufs: number) => 10 ** ((lufs + 0.691) / 10);
    for (let at = 500; at <= 2000; at += 500) expect(meter.add(at, block(-20), 0.5)).toBe(true);
    expect(meter.add(2500, block(-45), 0.5)).toBe(false); // 25 LU under: a tail, not the voice
    expect(meter.add(3000, block(-24), 0.5)).toBe(true);
    expect(meter.lufs()).toBeCloseTo(-20.6, 1);
    // A voice that really got much quieter counts again once the old blocks are 3 s old.
    for (let at = 3500; at <= 6000; at += 500) meter.add(at, block(-45), 0.5);
    expect(meter.add(6500, block(-45), 0.5)).toBe(true);
    expect(meter.lufs()).toBeCloseTo(-45, 5);
  });
});

describe('normalising toward −23 LUFS', () => {
  it('starts a new voice at the right gain, then moves at most 3 dB a second, and holds in pauses', () => {
    const gain = new NormalisingGain();
    expect(gain.update(0, undefined)).toBe(0);
    expect(gain.update(1000, -11)).toBe(-12); // a loud speaker, cut at once
    expect(gain.update(1500, -35)).toBeCloseTo(-10.5, 5); // much quieter now: eased up, 1.5 dB in 0.5 s
    expect(gain.update(5000, undefined)).toBeCloseTo(-10.5, 5); // a pause: no swelling
    expect(gain.update(5500, -35)).toBeCloseTo(-9, 5);
    for (let at = 6000; at <= 20_000; at += 500) gain.update(at, -35);
    expect(gain.db).toBe(12); // at most +12 dB
  });

  it("starts from the gain of the voice before it (a handover does not jump), and never boosts when told not to", () => {
    const next = new NormalisingGain(undefined, -10);
    expect(next.heard).toBe(false);
    expect(next.update(0, undefined)).toBe(-10);
    expect(next.update(1000, -20)).toBe(-3);
    expect(next.heard).toBe(true);
    const cutOnly = new NormalisingGain({ targetLufs: -23, maxCutDb: 24, maxBoostDb: 0, dbPerSecond: 3 });
    expect(cutOnly.update(0, -30)).toBe(0);
    expect(cutOnly.update(500, -11)).toBe(-1.5);
  });
});
