import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SlugSchema, SpeakerQueueSchema, type QueueChange, type SpeakerQueue } from '@multaqa/shared';
import { applyQueueCommand, emptyQueue, type QueueCommand } from '../domain/moderation/speakerQueue.ts';
import { VersionedStore } from './versionedStore.ts';

export const QUEUE_CHANNEL = 'multaqa:queue-changed';

export const QueueChangedMessageSchema = z.object({ sessionId: SlugSchema, value: SpeakerQueueSchema });
export type QueueChangedMessage = z.infer<typeof QueueChangedMessageSchema>;

const queueKey = (sessionId: string) => `multaqa:queue:${sessionId}`;

/** One speaker queue per session in Redis, changed atomically by any number of moderators. */
export class QueueStore {
  readonly #store: VersionedStore<SpeakerQueue>;

  constructor(redis: Redis) {
    this.#store = new VersionedStore(redis, SpeakerQueueSchema, QUEUE_CHANNEL);
  }

  get(sessionId: string): Promise<SpeakerQueue> {
    return this.#store.get(queueKey(sessionId), emptyQueue);
  }

  /** The queue as Redis has it after an outage, or `known` written back if Redis lost it. */
  restore(sessionId: string, known: SpeakerQueue): Promise<SpeakerQueue> {
    return this.#store.restore(queueKey(sessionId), sessionId, known, emptyQueue);
  }

  /** Applies `command`; a queue it changes records `change` as its last change (who did what). */
  async apply(sessionId: string, command: QueueCommand, change: QueueChange): Promise<{ queue: SpeakerQueue; changed: boolean }> {
    const { value, changed } = await this.#store.apply(queueKey(sessionId), sessionId, emptyQueue, (queue) => {
      const next = applyQueueCommand(queue, command);
      return next === queue ? queue : { ...next, lastChange: change };
    });
    return { queue: value, changed };
  }
}
