import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../domain/errors.ts';
import { LIMITS, type LimitName, type Limits } from './limits.ts';

/**
 * The limits of LIMITS counted in this process's memory only: for what must not wait on Redis
 * (a cough), where the person is connected to this process alone anyway.
 */
export class LocalLimits implements Limits {
  readonly #limiters = new Map<LimitName, RateLimiterMemory>();

  async take(name: LimitName, key: string): Promise<void> {
    let limiter = this.#limiters.get(name);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: LIMITS[name].points, duration: LIMITS[name].seconds });
      this.#limiters.set(name, limiter);
    }
    try {
      await limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw rateLimited(name, error.msBeforeNext);
    }
  }
}

/** The refusal of an action over its budget, saying when to try again. */
export function rateLimited(name: LimitName, msBeforeNext: number): DomainError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError('RATE_LIMITED', `you ${LIMITS[name].what} too often; try again in ${seconds} s`);
}
