import { describe, expect, it } from 'vitest';
import { formatSeconds, secondsLeft, timeLeftText } from './SpeakerTimer.tsx';

const turn = { participantId: 'a', name: 'A', kind: 'normal' as const, startedAt: 1_000_000, limitSeconds: 300, onTimeUp: 'notify' as const };

describe('speaker countdown', () => {
  it('counts down from the limit and goes negative when over time', () => {
    expect(secondsLeft(turn, 1_000_000)).toBe(300);
    expect(secondsLeft(turn, 1_000_000 + 240_000)).toBe(60);
    expect(secondsLeft(turn, 1_000_000 + 300_000)).toBe(0);
    expect(secondsLeft(turn, 1_000_000 + 305_500)).toBe(-5);
  });

  it('formats minutes and seconds', () => {
    expect(formatSeconds(300)).toBe('5:00');
    expect(formatSeconds(61)).toBe('1:01');
    expect(formatSeconds(0)).toBe('0:00');
    expect(formatSeconds(-5)).toBe('−0:05');
  });

  it('says time over as over, not as a negative time left', () => {
    expect(timeLeftText(150)).toBe('2:30 left');
    expect(timeLeftText(0)).toBe('0:00 left');
    expect(timeLeftText(-82)).toBe('1:22 over');
  });
});
