import { describe, expect, it } from 'vitest';
import { clockOffset } from './serverClock.ts';

describe('clockOffset', () => {
  it('is the server clock minus the middle of the round trip', () => {
    // Sent at 1,000 and answered at 1,200 by a server whose clock read 61,100: a minute ahead.
    expect(clockOffset(61_100, 1_000, 1_200)).toBe(60_000);
    expect(clockOffset(1_100, 1_000, 1_200)).toBe(0);
    expect(clockOffset(1_100, 121_000, 121_200)).toBe(-120_000);
  });
});
