import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LIMITS, type LimitBudgets, type LimitName, type Limits } from '../app/limits.ts';
import { rateLimited } from '../app/localLimits.ts';

/**
 * The limits of LIMITS, counted in Redis so that every server process draws on one budget
 * (a flood spread over processes by the load balancer is still one flood). While Redis is away
 * each process counts on its own (the insurance limiter) instead of letting everything through.
 */
export class RateLimits implements Limits {
  readonly #limiters: Record<LimitName, RateLimiterRedis>;

  /** `budgets`: points per window where the deployment sets its own (the address limits). */
  constructor(redis: Redis, budgets: LimitBudgets = {}) {
    const limiter = (name: LimitName) => {
      const points = budgets[name] ?? LIMITS[name].points;
      const duration = LIMITS[name].seconds;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `multaqa:limit:${name}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration }),
      });
    };
    this.#limiters = Object.fromEntries((Object.keys(LIMITS) as LimitName[]).map((name) => [name, limiter(name)])) as Record<LimitName, RateLimiterRedis>;
  }

  async take(name: LimitName, key: string): Promise<void> {
    try {
      await this.#limiters[name].consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw rateLimited(name, error.msBeforeNext);
    }
  }
}
