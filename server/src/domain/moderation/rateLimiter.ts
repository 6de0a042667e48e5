import { DomainError } from '../errors.ts';

/**
 * A token bucket per key: `capacity` actions at once, refilled at `perSecond`. Pure apart from
 * the `now` it is given, so tests drive time.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {}

  /** Takes one token for `key`, or throws RATE_LIMITED. */
  take(key: string, now: number, what = 'that'): void {
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, at: now };
    const tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      throw new DomainError('RATE_LIMITED', `you do ${what} too often; wait a moment`);
    }
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
