import type { Redis } from 'ioredis';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';

/**
 * Whether this process reaches Redis now, and what to do when it does again. While it does not,
 * media keeps flowing (mediasoup needs no Redis) but nothing that must be shared can change:
 * such requests are refused at once with UNAVAILABLE instead of hanging on a queue of retries.
 */
export class RedisHealth {
  readonly #restored: Array<() => Promise<void>> = [];
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {
    this.watch(redis, 'commands');
  }

  /**
   * Also runs the restore steps when `connection` is back: a subscriber that comes back after
   * the command connection missed what was published in between.
   */
  watch(connection: Redis, role: string): void {
    let lost = false;
    connection.on('close', () => {
      if (lost) return;
      lost = true;
      this.logger.warn({ connection: role }, 'lost a connection to Redis');
    });
    connection.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.logger.info({ connection: role }, 'Redis is back: reading the shared state again');
      this.#running = this.#running.then(() => this.#runRestored());
    });
  }

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** Runs `then` (in the order registered) each time Redis is reachable again after a loss. */
  onRestored(then: () => Promise<void>): void {
    this.#restored.push(then);
  }

  async #runRestored(): Promise<void> {
    if (!this.ready) return; // the command connection's own return runs them
    for (const then of this.#restored) {
      await then().catch((error: unknown) => this.logger.warn({ err: error }, 'could not restore the shared state after Redis came back'));
    }
  }
}

/** Resolves once `redis` is ready; until then says every few seconds that it is waiting. */
export async function waitForRedis(redis: Redis, logger: Logger): Promise<void> {
  if (redis.status === 'ready') return;
  let lastSaid = 0;
  const onError = (error: Error) => {
    if (Date.now() - lastSaid < 5_000) return;
    lastSaid = Date.now();
    logger.warn({ err: error }, 'waiting for Redis (the server starts once it answers)');
  };
  redis.on('error', onError);
  try {
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  } finally {
    redis.off('error', onError);
  }
}

/** Whether an error means Redis could not be reached (rather than a fault of the request). */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|LOADING/.test(error.message)
  );
}

export function unavailable(): DomainError {
  return new DomainError('UNAVAILABLE', 'the server cannot save changes right now (its database is out of reach); try again in a moment');
}
