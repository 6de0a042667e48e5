import { describe, expect, it } from 'vitest';
import { describePosition, FLOOR_SCALE, levelAt, positionOf } from './decibels.ts';

describe('a level slider in decibels', () => {
  it('puts the default floor level (−15 dB) on a step, and reads it back', () => {
    const position = positionOf(10 ** (-15 / 20), FLOOR_SCALE);
    expect(position).toBe(-15);
    expect(levelAt(position, FLOOR_SCALE)).toBeCloseTo(10 ** (-15 / 20), 6);
    expect(describePosition(position, FLOOR_SCALE)).toBe('−15 dB');
  });

  it('rounds any stored level to the nearest step, and keeps full and off at the ends', () => {
    expect(positionOf(0.5, FLOOR_SCALE)).toBe(-6); // −6.02 dB
    expect(positionOf(1, FLOOR_SCALE)).toBe(0);
    expect(describePosition(0, FLOOR_SCALE)).toBe('0 dB');
    expect(positionOf(0, FLOOR_SCALE)).toBe(FLOOR_SCALE.min);
    expect(positionOf(10 ** (-80 / 20), FLOOR_SCALE)).toBe(FLOOR_SCALE.min);
    expect(levelAt(FLOOR_SCALE.min, FLOOR_SCALE)).toBe(0);
    expect(describePosition(FLOOR_SCALE.min, FLOOR_SCALE)).toBe('off');
  });

  it('has one position every step, the one above off the quietest level', () => {
    const positions = Array.from({ length: (0 - FLOOR_SCALE.min) / FLOOR_SCALE.step + 1 }, (_, i) => FLOOR_SCALE.min + i * FLOOR_SCALE.step);
    const levels = positions.map((p) => levelAt(p, FLOOR_SCALE));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(levels[1]).toBeCloseTo(10 ** (-45 / 20), 6);
  });
});
