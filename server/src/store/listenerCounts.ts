import type { Redis } from 'ioredis';
import type { ListenerCounts } from '@multaqa/shared';

const FLOOR = 'floor';
const countsKey = (sessionId: string) => `multaqa:listeners:${sessionId}`;

/** How many people listen to the floor and to each channel, shared by every server process. */
export class ListenerCountStore {
  constructor(private readonly redis: Redis) {}

  /** Moves one listener from one choice to another (`undefined`: not listening at all). */
  async move(sessionId: string, from: string | null | undefined, to: string | null | undefined): Promise<void> {
    if (from === to) return;
    const multi = this.redis.multi();
    if (from !== undefined) multi.hincrby(countsKey(sessionId), from ?? FLOOR, -1);
    if (to !== undefined) multi.hincrby(countsKey(sessionId), to ?? FLOOR, 1);
    await multi.exec();
  }

  async counts(sessionId: string, languages: readonly string[]): Promise<ListenerCounts> {
    const raw = await this.redis.hgetall(countsKey(sessionId));
    const read = (field: string) => Math.max(0, Number(raw[field] ?? 0));
    return { floor: read(FLOOR), channels: Object.fromEntries(languages.map((language) => [language, read(language)])) };
  }
}
