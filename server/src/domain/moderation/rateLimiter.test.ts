import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rateLimiter.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refuses until tokens refill', () => {
    const limiter = new RateLimiter(3, 1);
    for (let i = 0; i < 3; i++) limiter.take('a', 0);
    expect(() => limiter.take('a', 0, 'raise your hand')).toThrowError(/raise your hand too often/);
    expect(() => limiter.take('a', 500)).toThrowError(/too often/);
    expect(() => limiter.take('a', 1_100)).not.toThrow();
  });

  it('keys are independent: one spammer does not limit anyone else', () => {
    const limiter = new RateLimiter(2, 1);
    limiter.take('spammer', 0);
    limiter.take('spammer', 0);
    expect(() => limiter.take('spammer', 0)).toThrow();
    expect(() => limiter.take('someone', 0)).not.toThrow();
  });

  it('forgets a key', () => {
    const limiter = new RateLimiter(1, 0.001);
    limiter.take('a', 0);
    limiter.forget('a');
    expect(() => limiter.take('a', 0)).not.toThrow();
  });
});
