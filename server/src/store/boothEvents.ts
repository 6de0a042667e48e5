import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { BOOTH_CHANNEL, BoothChangedMessageSchema, type BoothChangedMessage } from './boothStore.ts';

/** Subscribes this process to booth changes made by any process (itself included). */
export async function subscribeToBoothChanges(
  redis: Redis,
  logger: Logger,
  onChange: (message: BoothChangedMessage) => void,
): Promise<() => Promise<void>> {
  const subscriber = redis.duplicate();
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== BOOTH_CHANNEL) return;
    try {
      onChange(BoothChangedMessageSchema.parse(JSON.parse(raw)));
    } catch (error) {
      logger.warn({ err: error }, 'ignored a malformed booth change message');
    }
  });
  await subscriber.subscribe(BOOTH_CHANNEL);
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
