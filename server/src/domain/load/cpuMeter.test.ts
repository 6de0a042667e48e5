import { describe, expect, it } from 'vitest';
import { CpuMeter } from './cpuMeter.ts';

describe('CpuMeter', () => {
  it('gives the share of a core over the window since the last sample', () => {
    const meter = new CpuMeter({ at: 0, cpuMs: 0 });
    expect(meter.sample(2_000, 500)).toBeCloseTo(0.25);
    expect(meter.sample(3_000, 1_500)).toBeCloseTo(1);
    // Two cores' worth (a process with threads) is not capped.
    expect(meter.sample(4_000, 3_500)).toBeCloseTo(2);
  });

  it('keeps the last share for samples closer together than the window', () => {
    const meter = new CpuMeter({ at: 0, cpuMs: 0 }, 1_000);
    expect(meter.sample(1_000, 400)).toBeCloseTo(0.4);
    expect(meter.sample(1_010, 410)).toBeCloseTo(0.4);
    // The next window runs from the last sample that counted (1 s), not from the short one.
    expect(meter.sample(2_000, 500)).toBeCloseTo(0.1);
  });

  it('starts again when the CPU time goes backwards (a replaced worker)', () => {
    const meter = new CpuMeter({ at: 0, cpuMs: 5_000 });
    expect(meter.sample(1_000, 100)).toBe(0);
    expect(meter.sample(2_000, 600)).toBeCloseTo(0.5);
  });
});
