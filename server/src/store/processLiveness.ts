import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/** `multaqa:process:<id>` exists while that server process is alive (or within its grace period). */
export const PROCESS_KEY_PREFIX = 'multaqa:process:';

/**
 * This server process's heartbeat in Redis, and the question other stores ask of it: which
 * processes are still alive? A process that crashes stops beating; once its key expires (the
 * grace period), the others clean up the interpreters and listeners it had. A process that stops
 * cleanly leaves its key to expire too: its people get the grace period to reconnect elsewhere.
 */
export class ProcessLiveness {
  readonly id = randomUUID();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly graceMs: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.#beat();
    this.#timer = setInterval(() => {
      this.#beat().catch((error: unknown) => this.logger.warn({ err: error }, 'could not renew the process heartbeat'));
    }, this.graceMs / 3);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** The ids among `ids` whose process is alive. */
  async alive(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const beats = await this.redis.mget(ids.map((id) => PROCESS_KEY_PREFIX + id));
    return new Set(ids.filter((_, index) => beats[index] !== null));
  }

  async #beat(): Promise<void> {
    await this.redis.set(PROCESS_KEY_PREFIX + this.id, String(Date.now()), 'PX', this.graceMs);
  }
}
