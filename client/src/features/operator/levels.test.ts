import { describe, expect, it } from 'vitest';
import { cpuPercent, levelPercent, megabytes } from './levels.ts';

describe('levelPercent', () => {
  it('maps −60…0 dBov onto the meter', () => {
    expect(levelPercent(0)).toBe(100);
    expect(levelPercent(-30)).toBe(50);
    expect(levelPercent(-6)).toBe(90);
  });

  it('shows nothing for silence, anything below −60 dBov, or no level at all', () => {
    expect(levelPercent(null)).toBe(0);
    expect(levelPercent(-127)).toBe(0);
    expect(levelPercent(-60)).toBe(0);
  });
});

describe('table numbers', () => {
  it('writes CPU shares and memory as people read them', () => {
    expect(cpuPercent(0.254)).toBe('25 %');
    expect(cpuPercent(1.5)).toBe('150 %');
    expect(megabytes(157_286_400)).toBe('150 MB');
  });
});
