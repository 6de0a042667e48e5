import type { Redis } from 'ioredis';
import { subscriberOf } from './redisHealth.ts';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';

export type ChangeSubscription<T> = { channel: string; schema: z.ZodType<T>; onChange: (message: T) => void };

/**
 * Subscribes this process to changes made by any process (itself included) on the given
 * channels; malformed messages are logged and dropped.
 */
export async function subscribeToChanges(
  redis: Redis,
  logger: Logger,
  subscriptions: Array<ChangeSubscription<never>>,
  /** Told of the subscriber's connection (to know when it comes back: what it missed must be read). */
  watch: (subscriber: Redis) => void = () => undefined,
): Promise<() => Promise<void>> {
  const subscriber = subscriberOf(redis);
  watch(subscriber);
  const byChannel = new Map(subscriptions.map((subscription) => [subscription.channel, subscription]));
  subscriber.on('message', (channel: string, raw: string) => {
    const subscription = byChannel.get(channel);
    if (!subscription) return;
    try {
      subscription.onChange(subscription.schema.parse(JSON.parse(raw)));
    } catch (error) {
      logger.warn({ err: error, channel }, 'ignored a malformed change message');
    }
  });
  await subscriber.subscribe(...byChannel.keys());
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}

/** Typed helper: builds one subscription entry. */
export function onChannel<T>(channel: string, schema: z.ZodType<T>, onChange: (message: T) => void): ChangeSubscription<never> {
  return { channel, schema, onChange } as unknown as ChangeSubscription<never>;
}
