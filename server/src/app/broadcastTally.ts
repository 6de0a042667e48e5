import type { Logger } from '../logger.ts';
import type { ProcessCounters } from '../store/processCounters.ts';
import { SharedTally, type Tally } from './sharedTally.ts';
import { Throttle } from './throttle.ts';

/** A count is broadcast at most this often, so 5,000 joins are not 5,000 broadcasts. */
const BROADCAST_INTERVAL_MS = 500;

/**
 * A count of one session shared by every server process (see SharedTally), and telling
 * everyone about it: `changed()` schedules a sync with Redis followed by `tell(totals)`.
 */
export class BroadcastTally {
  readonly #tally: SharedTally;
  readonly #broadcast: Throttle;

  private constructor(
    counters: ProcessCounters,
    sessionId: string,
    own: () => Tally,
    private readonly tell: (totals: Record<string, number>) => void,
    logger: Logger,
  ) {
    this.#tally = new SharedTally(counters, sessionId, own);
    this.#broadcast = new Throttle(BROADCAST_INTERVAL_MS, () =>
      this.#tally
        .sync()
        .then(() => this.tell(this.totals))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not broadcast a shared count')),
    );
  }

  /** Starts with the other processes' counts read. */
  static async open(
    counters: ProcessCounters,
    sessionId: string,
    own: () => Tally,
    tell: (totals: Record<string, number>) => void,
    logger: Logger,
  ): Promise<BroadcastTally> {
    const tally = new BroadcastTally(counters, sessionId, own, tell, logger);
    await tally.#tally.sync();
    return tally;
  }

  /** Every process together, as this process knows it now (the others as of the last broadcast). */
  get totals(): Record<string, number> {
    return this.#tally.current();
  }

  /** This process's part changed: everyone hears the new totals soon. */
  changed(): void {
    this.#broadcast.schedule();
  }

  /** Drops processes that went away; if any did, everyone hears the new totals. */
  async sweepDeparted(): Promise<void> {
    if (await this.#tally.sync()) this.#broadcast.schedule();
  }

  /** The session closes here: this process's part leaves the totals at once, and everyone hears it. */
  async close(): Promise<void> {
    this.#broadcast.stop();
    await this.#tally.leave();
    this.tell(this.totals);
  }
}
