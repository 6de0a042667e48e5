import type { Redis } from 'ioredis';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';

/** How soon a lost connection tries again: every 100 ms more, at most every second (ioredis's default waits up to 2 s). */
export const redisRetry = (attempt: number) => Math.min(attempt * 100, 1_000);

/** Every Redis command gets an answer or an error within this long (ioredis's commandTimeout). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** How often the watchdog asks Redis whether it still answers. */
const PROBE_EVERY_MS = 500;
/** A Redis that keeps its connection but has not answered a PING for this long is taken as down. */
const FROZEN_AFTER_MS = 1_000;

/**
 * Whether this process reaches Redis now, and what to do when it does again. While it does not,
 * media keeps flowing (mediasoup needs no Redis) but nothing that must be shared can change:
 * such requests are refused at once with UNAVAILABLE instead of hanging on a queue of retries.
 * A Redis that stops answering but keeps its connection open (paused, swapping, stuck on a
 * disk) is found by a watchdog PING: it counts as down from the first second without an answer.
 */
export class RedisHealth {
  readonly #restored: Array<() => Promise<void>> = [];
  /** The watched connections (by role) that closed and are not back yet. */
  readonly #lost = new Set<string>();
  #running: Promise<void> = Promise.resolve();
  /** When the unanswered PING was sent (undefined: none is waiting). */
  #probeSentAt: number | undefined;
  #frozen = false;
  readonly #watchdog: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {
    this.watch(redis, 'commands');
    this.#watchdog = setInterval(() => this.#probe(), PROBE_EVERY_MS);
    this.#watchdog.unref();
  }

  /**
   * Also runs the restore steps when `connection` is back: a subscriber that comes back after
   * the command connection missed what was published in between.
   */
  watch(connection: Redis, role: string): void {
    connection.on('close', () => {
      if (this.#lost.has(role)) return;
      this.#lost.add(role);
      this.logger.warn({ connection: role }, 'lost a connection to Redis');
    });
    connection.on('ready', () => {
      if (!this.#lost.delete(role)) return;
      this.logger.info({ connection: role }, 'Redis is back: reading the shared state again');
      this.#running = this.#running.then(() => this.#runRestored());
    });
  }

  /**
   * Redis answers, and every watched connection is back: a process whose subscriber has not
   * reconnected yet would act on shared state without hearing how it changes (a recording stopped
   * elsewhere, still refused here as running).
   */
  get ready(): boolean {
    return this.redis.status === 'ready' && this.#lost.size === 0 && !this.#frozen && !this.#probeOverdue();
  }

  stop(): void {
    clearInterval(this.#watchdog);
  }

  /** Runs `then` (in the order registered) each time Redis is reachable again after a loss. */
  onRestored(then: () => Promise<void>): void {
    this.#restored.push(then);
  }

  #probeOverdue(): boolean {
    return this.#probeSentAt !== undefined && Date.now() - this.#probeSentAt >= FROZEN_AFTER_MS;
  }

  #probe(): void {
    if (this.redis.status !== 'ready') {
      this.#probeSentAt = undefined;
      return;
    }
    if (this.#probeOverdue() && !this.#frozen) {
      this.#frozen = true;
      this.logger.warn({ waitedMs: Date.now() - this.#probeSentAt! }, 'Redis stopped answering (its connection is still open): refusing shared changes until it does');
    }
    if (this.#probeSentAt !== undefined) return;
    const sentAt = Date.now();
    this.#probeSentAt = sentAt;
    this.redis.ping().then(
      () => {
        if (this.#probeSentAt === sentAt) this.#probeSentAt = undefined;
        if (!this.#frozen) return;
        this.#frozen = false;
        this.logger.info({ frozenForMs: Date.now() - sentAt }, 'Redis answers again: reading the shared state again');
        this.#running = this.#running.then(() => this.#runRestored());
      },
      () => {
        // Timed out (commandTimeout) or the connection went: the next probe asks again.
        if (this.#probeSentAt === sentAt) this.#probeSentAt = undefined;
        if (this.redis.status === 'ready' && !this.#frozen) {
          this.#frozen = true;
          this.logger.warn('Redis stopped answering (its connection is still open): refusing shared changes until it does');
        }
      },
    );
  }

  async #runRestored(): Promise<void> {
    if (!this.ready) return; // the last connection to come back runs them
    for (const then of this.#restored) {
      await then().catch((error: unknown) => this.logger.warn({ err: error }, 'could not restore the shared state after Redis came back'));
    }
  }
}

/**
 * A connection of its own for subscribing. Without the command deadline of the main connection:
 * re-subscribing after Redis restarts must not be given up on (a subscription that timed out
 * then was lost for good, and with it every change the other processes announced); a Redis that
 * stands still is found by the main connection's watchdog.
 */
export function subscriberOf(redis: Redis): Redis {
  return redis.duplicate({ commandTimeout: undefined });
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
    /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|LOADING/.test(error.message)
  );
}

export function unavailable(): DomainError {
  return new DomainError('UNAVAILABLE', 'the server cannot save changes right now (its database is out of reach); try again in a moment');
}
