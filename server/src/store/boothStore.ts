import type { Redis } from 'ioredis';
import { z } from 'zod';
import { BoothSchema, SlugSchema, type Booth } from '@multaqa/shared';
import { applyBoothCommand, emptyBooth, type BoothCommand } from '../domain/interpretation/booth.ts';
import { DomainError } from '../domain/errors.ts';

export const BOOTH_CHANNEL = 'multaqa:booth-changed';

/** What every server process hears after a booth changed, in the order the changes were made. */
export const BoothChangedMessageSchema = z.object({ sessionId: SlugSchema, booth: BoothSchema });
export type BoothChangedMessage = z.infer<typeof BoothChangedMessageSchema>;

const boothKey = (sessionId: string, language: string) => `multaqa:booth:${sessionId}:${language}`;

// Compare-and-set on the booth's version, and publish the change in the same atomic step, so
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
  boothCompareAndSet(key: string, expectedVersion: number, booth: string, channel: string, message: string): Promise<number>;
};

const MAX_ATTEMPTS = 50;

/**
 * Booths in Redis: one JSON value per session and language. Commands run through the domain
 * state machine and are written with optimistic concurrency, so two interpreters pressing
 * "take" on two server processes at once cannot both win.
 */
export class BoothStore {
  readonly #redis: CasRedis;

  constructor(redis: Redis) {
    redis.defineCommand('boothCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.#redis = redis as CasRedis;
  }

  async get(sessionId: string, language: string): Promise<Booth> {
    return parse(await this.#redis.get(boothKey(sessionId, language)), language);
  }

  async all(sessionId: string, languages: readonly string[]): Promise<Booth[]> {
    if (languages.length === 0) return [];
    const raws = await this.#redis.mget(...languages.map((language) => boothKey(sessionId, language)));
    return languages.map((language, index) => parse(raws[index] ?? null, language));
  }

  /** Applies the command atomically; returns the booth after it and whether it changed. */
  async apply(sessionId: string, language: string, command: BoothCommand): Promise<{ booth: Booth; changed: boolean }> {
    const key = boothKey(sessionId, language);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = parse(await this.#redis.get(key), language);
      const next = applyBoothCommand(current, command);
      if (next === current) return { booth: current, changed: false };
      const message: BoothChangedMessage = { sessionId, booth: next };
      const written = await this.#redis.boothCompareAndSet(key, current.version, JSON.stringify(next), BOOTH_CHANNEL, JSON.stringify(message));
      if (written === 1) return { booth: next, changed: true };
    }
    throw new DomainError('INVALID_STATE', 'the booth is changing too fast; try again');
  }
}

function parse(raw: string | null, language: string): Booth {
  return raw === null ? emptyBooth(language) : BoothSchema.parse(JSON.parse(raw));
}
