import type { Logger } from '../logger.ts';
import type { ProcessCounters } from '../store/processCounters.ts';
import { SharedTally, type Tally } from './sharedTally.ts';
import { Throttle } from './throttle.ts';

/** A count is broadcast at most this often, so 5,000 joins are not 5,000 broadcasts. */
const BROADCAST_INTERVAL_MS = 500;
/**
 * With more people than this on the process, at most every BUSY_INTERVAL_MS: telling thousands
 * of connections twice a second is work a join storm feels, for a number nobody reads that often.
 */
const BUSY_FROM_PEOPLE = 1_000;
const BUSY_INTERVAL_MS = 2_000;

/**
 * A count of one session shared by every server process (see SharedTally), and telling this
 * process's people about it: `changed()` schedules a sync with Redis (announced to the other
 * processes) followed by `tell(totals)`; `othersChanged()`, on another process's announcement,
 * re-reads the totals and tells. Each process tells only its own people, so a client hears a
 * count once however many processes serve the session.
 */
export class BroadcastTally {
  readonly #tally: SharedTally;
  readonly #broadcast: Throttle;
  #ownChanged = false;

  private constructor(
    counters: ProcessCounters,
    sessionId: string,
    own: () => Tally,
    private readonly tell: (totals: Record<string, number>) => void,
    logger: Logger,
  ) {
    this.#tally = new SharedTally(counters, sessionId, own);
    const interval = () => (Object.values(own()).reduce((sum, count) => sum + count, 0) > BUSY_FROM_PEOPLE ? BUSY_INTERVAL_MS : BROADCAST_INTERVAL_MS);
    this.#broadcast = new Throttle(interval, () => {
      const ownChanged = this.#ownChanged;
      this.#ownChanged = false;
      return (ownChanged ? this.#tally.sync(true) : this.#tally.refreshOthers())
        .then(() => this.tell(this.totals))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not broadcast a shared count'));
    });
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
    await tally.#tally.sync(true);
    return tally;
  }

  /** Every process together, as this process knows it now (the others as of the last broadcast). */
  get totals(): Record<string, number> {
    return this.#tally.current();
  }

  /** This process's part changed: everyone hears the new totals soon. */
  changed(): void {
    this.#ownChanged = true;
    this.#broadcast.schedule();
  }

  /** Another process's part changed: this process's people hear the new totals soon. */
  othersChanged(): void {
    this.#broadcast.schedule();
  }

  /** Drops processes that went away; if any did, this process's people hear the new totals. */
  async sweepDeparted(): Promise<void> {
    if (await this.#tally.sync(false)) this.#broadcast.schedule();
  }

  /** The session closes here: this process's part leaves the totals at once, and everyone hears it. */
  async close(): Promise<void> {
    this.#broadcast.stop();
    await this.#tally.leave();
    this.tell(this.totals);
  }
}
