import { describe, expect, it } from 'vitest';
import { formatTimeLimit, parseTimeLimit } from './timeLimit.ts';

describe('time limits as moderators type them', () => {
  it('takes minutes, or minutes:seconds', () => {
    expect(parseTimeLimit('3')).toBe(180);
    expect(parseTimeLimit(' 2:30 ')).toBe(150);
    expect(parseTimeLimit('0:15')).toBe(15);
  });

  it('refuses what is no time or outside 10 s – 4 h', () => {
    for (const text of ['', 'abc', '2:75', '1.5', '-1', '0:05', '241', '0']) expect(parseTimeLimit(text)).toBeUndefined();
  });

  it('shows a limit the way it is typed', () => {
    expect(formatTimeLimit(150)).toBe('2:30');
    expect(formatTimeLimit(parseTimeLimit('5')!)).toBe('5:00');
  });
});
