import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { DomainError } from '../domain/errors.ts';

// Compare-and-set on the value's version, and publish the change in the same atomic step, so
// the published order is the order of versions.
const COMPARE_AND_SET = `
local raw = redis.call('GET', KEYS[1])
local version = 0
if raw then version = cjson.decode(raw).version end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`;

type CasRedis = Redis & {
  multaqaCompareAndSet(key: string, expectedVersion: number, value: string, channel: string, message: string): Promise<number>;
};

const MAX_ATTEMPTS = 50;

export type Versioned = { version: number };

/**
 * JSON values in Redis that change only through a pure function, with optimistic concurrency:
 * read, compute, write if nobody wrote in between, else retry. Each change is published on
 * `channel` as `{ sessionId, value }`, atomically with the write.
 */
export class VersionedStore<T extends Versioned> {
  readonly #redis: CasRedis;

  constructor(
    redis: Redis,
    private readonly schema: z.ZodType<T>,
    private readonly channel: string,
  ) {
    if (!('multaqaCompareAndSet' in redis)) redis.defineCommand('multaqaCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.#redis = redis as CasRedis;
  }

  async get(key: string, empty: () => T): Promise<T> {
    return this.#parse(await this.#redis.get(key), empty);
  }

  async getMany(keys: readonly string[], empty: (index: number) => T): Promise<T[]> {
    if (keys.length === 0) return [];
    const raws = await this.#redis.mget(...keys);
    return keys.map((_, index) => this.#parse(raws[index] ?? null, () => empty(index)));
  }

  /**
   * Applies `change` atomically. `change` returns the same object for "nothing to do" and a
   * new one (version bumped) otherwise; it may throw to refuse.
   */
  async apply(key: string, sessionId: string, empty: () => T, change: (current: T) => T): Promise<{ value: T; changed: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = this.#parse(await this.#redis.get(key), empty);
      const next = change(current);
      if (next === current) return { value: current, changed: false };
      const message = JSON.stringify({ sessionId, value: next });
      const written = await this.#redis.multaqaCompareAndSet(key, current.version, JSON.stringify(next), this.channel, message);
      if (written === 1) return { value: next, changed: true };
    }
    throw new DomainError('INVALID_STATE', 'this is changing too fast; try again');
  }

  /**
   * After Redis came back: the value in Redis now, or — if Redis lost it (restarted without its
   * data) — `known`, this process's last copy, written back (and published) unless another
   * process restored its own first. Versions go on from the restored value.
   */
  async restore(key: string, sessionId: string, known: T, empty: () => T): Promise<T> {
    const current = this.#parse(await this.#redis.get(key), empty);
    if (current.version > 0 || known.version === 0) return current;
    const message = JSON.stringify({ sessionId, value: known });
    const written = await this.#redis.multaqaCompareAndSet(key, 0, JSON.stringify(known), this.channel, message);
    return written === 1 ? known : this.#parse(await this.#redis.get(key), empty);
  }

  #parse(raw: string | null, empty: () => T): T {
    return raw === null ? empty() : this.schema.parse(JSON.parse(raw));
  }
}
