import type { Logger } from '../logger.ts';
import type { ProcessCounters } from '../store/processCounters.ts';
import type { Outbox } from './outbox.ts';
import { SharedTally } from './sharedTally.ts';
import { Throttle } from './throttle.ts';

/** The field of the shared tally that counts people. */
const PRESENT = 'present';

/** The count is broadcast at most this often, so 5,000 joins are not 5,000 broadcasts. */
const BROADCAST_INTERVAL_MS = 500;

/**
 * How many people are in one session on every server process, and telling everyone: this
 * process's part comes from `ownCount` (its roster), the others' from Redis at each broadcast.
 */
export class SessionHeadcount {
  readonly #tally: SharedTally;
  readonly #broadcast: Throttle;

  private constructor(
    private readonly sessionId: string,
    counters: ProcessCounters,
    ownCount: () => number,
    private readonly outbox: Outbox,
    logger: Logger,
  ) {
    this.#tally = new SharedTally(counters, sessionId, () => ({ [PRESENT]: ownCount() }));
    this.#broadcast = new Throttle(BROADCAST_INTERVAL_MS, () =>
      this.#tally
        .sync()
        .then(() => this.#tell())
        .catch((error: unknown) => logger.warn({ err: error }, 'could not broadcast the participant count')),
    );
  }

  static async open(sessionId: string, counters: ProcessCounters, ownCount: () => number, outbox: Outbox, logger: Logger) {
    const headcount = new SessionHeadcount(sessionId, counters, ownCount, outbox, logger);
    await headcount.#tally.sync();
    return headcount;
  }

  /** Everyone, as this process knows it now (other processes as of the last broadcast). */
  get count(): number {
    return this.#tally.current()[PRESENT] ?? 0;
  }

  /** Someone arrived or left here: everyone hears the new count soon. */
  changed(): void {
    this.#broadcast.schedule();
  }

  /** Drops processes that went away; if any did, everyone hears the new count. */
  async sweepDeparted(): Promise<void> {
    if (await this.#tally.sync()) this.#broadcast.schedule();
  }

  /** The session closes here: its people leave the count at once, and everyone elsewhere hears it. */
  async close(): Promise<void> {
    this.#broadcast.stop();
    await this.#tally.leave();
    this.#tell();
  }

  #tell(): void {
    this.outbox.broadcast(this.sessionId, 'session:countChanged', { participantCount: this.count });
  }
}
