import { describe, expect, it } from 'vitest';
import { readinessOf, type ReadinessState } from './readiness.ts';

const fine: ReadinessState = { shuttingDown: false, redisReady: true, liveWorkers: 2, consumers: 10, capacity: 1_000 };

describe('readinessOf', () => {
  it('is ready with Redis, a worker and room', () => {
    expect(readinessOf(fine)).toEqual({ ready: true });
  });

  it('names the first reason that applies', () => {
    expect(readinessOf({ ...fine, consumers: 1_000 })).toEqual({ ready: false, reason: 'full' });
    expect(readinessOf({ ...fine, liveWorkers: 0, consumers: 1_000 })).toEqual({ ready: false, reason: 'no media worker' });
    expect(readinessOf({ ...fine, redisReady: false, liveWorkers: 0 })).toEqual({ ready: false, reason: 'redis unavailable' });
    expect(readinessOf({ ...fine, shuttingDown: true, redisReady: false })).toEqual({ ready: false, reason: 'shutting down' });
  });
});
