import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ProducerInfoSchema, SlugSchema, type ProducerInfo } from '@multaqa/shared';
import type { ProcessLiveness } from './processLiveness.ts';

export const PRODUCER_CHANNEL = 'multaqa:producer-changed';

/** A producer of a session and the server process that owns it (where it was published). */
export const DirectoryEntrySchema = z.object({ producer: ProducerInfoSchema, processId: z.string().min(1) });
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

/** What every process hears when a producer of any process is added, paused, resumed or closed. */
export const ProducerChangedMessageSchema = DirectoryEntrySchema.extend({
  sessionId: SlugSchema,
  change: z.enum(['added', 'paused', 'resumed', 'closed']),
});
export type ProducerChangedMessage = z.infer<typeof ProducerChangedMessageSchema>;
export type ProducerChange = ProducerChangedMessage['change'];

const producersKey = (sessionId: string) => `multaqa:producers:${sessionId}`;

/**
 * Every producer of a session, on whichever server process it was published: one Redis hash
 * per session (producer id → info and owning process), changed by the owner, with each change
 * published so the other processes keep their copy without asking. The entries of a process
 * that died are swept by the survivors (each entry by exactly one of them).
 */
export class ProducerDirectory {
  constructor(
    private readonly redis: Redis,
    private readonly liveness: ProcessLiveness,
  ) {}

  async changed(sessionId: string, producer: ProducerInfo, change: ProducerChange): Promise<void> {
    const entry: DirectoryEntry = { producer, processId: this.liveness.id };
    const message: ProducerChangedMessage = { ...entry, sessionId, change };
    const multi = this.redis.multi();
    if (change === 'closed') multi.hdel(producersKey(sessionId), producer.id);
    else multi.hset(producersKey(sessionId), producer.id, JSON.stringify(entry));
    await multi.publish(PRODUCER_CHANNEL, JSON.stringify(message)).exec();
  }

  /** Writes this process's producers back in, after Redis came back (the others still know them). */
  async restore(sessionId: string, producers: readonly ProducerInfo[]): Promise<void> {
    if (producers.length === 0) return;
    const entries = producers.flatMap((producer) => [producer.id, JSON.stringify({ producer, processId: this.liveness.id } satisfies DirectoryEntry)]);
    await this.redis.hset(producersKey(sessionId), ...entries);
  }

  /** The producer's entry, unless its process is known to have died. */
  async get(sessionId: string, producerId: string): Promise<DirectoryEntry | undefined> {
    const raw = await this.redis.hget(producersKey(sessionId), producerId);
    const entry = raw === null ? undefined : parseEntry(raw);
    return entry && !this.liveness.isDead(entry.processId) ? entry : undefined;
  }

  async all(sessionId: string): Promise<DirectoryEntry[]> {
    const raw = await this.redis.hvals(producersKey(sessionId));
    return raw.map(parseEntry).filter((entry) => entry !== undefined);
  }

  /** The producers of processes still alive (a crashed process's stay until swept). */
  async live(sessionId: string): Promise<DirectoryEntry[]> {
    return (await this.#split(sessionId)).alive;
  }

  /** Removes the producers of processes that are gone; returns those this call removed. */
  async sweepDeparted(sessionId: string): Promise<DirectoryEntry[]> {
    const { gone } = await this.#split(sessionId);
    const removed: DirectoryEntry[] = [];
    for (const entry of gone) {
      // HDEL answers 1 to one caller only: one survivor announces each departed producer.
      if ((await this.redis.hdel(producersKey(sessionId), entry.producer.id)) === 1) removed.push(entry);
    }
    return removed;
  }

  /** A producer lives as long as its process: one that died (restarted, say) publishes nothing, in its grace period too. */
  async #split(sessionId: string): Promise<{ alive: DirectoryEntry[]; gone: DirectoryEntry[] }> {
    const { alive, gone } = await this.liveness.split(await this.all(sessionId));
    const dead = (entry: DirectoryEntry) => this.liveness.isDead(entry.processId);
    return { alive: alive.filter((entry) => !dead(entry)), gone: [...gone, ...alive.filter(dead)] };
  }
}

function parseEntry(raw: string): DirectoryEntry | undefined {
  try {
    return DirectoryEntrySchema.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
