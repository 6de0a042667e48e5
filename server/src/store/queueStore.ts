import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SlugSchema, SpeakerQueueSchema, type SpeakerQueue } from '@multaqa/shared';
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

  async apply(sessionId: string, command: QueueCommand): Promise<{ queue: SpeakerQueue; changed: boolean }> {
    const { value, changed } = await this.#store.apply(queueKey(sessionId), sessionId, emptyQueue, (queue) => applyQueueCommand(queue, command));
    return { queue: value, changed };
  }
}
