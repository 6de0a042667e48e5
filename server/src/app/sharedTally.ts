import type { ProcessCounters } from '../store/processCounters.ts';

export type Tally = Readonly<Record<string, number>>;

/**
 * A count kept across server processes (people in a session, listeners per channel), as this
 * process sees it: its own part is always exact, the other processes' part is as of the last
 * `sync()`. Joins read it without touching Redis; syncing (publish our part, read everyone's)
 * runs when the count is broadcast, at most every few hundred milliseconds.
 */
export class SharedTally {
  #others = new Map<string, number>();
  /** Our part as last published (the totals read from Redis include it). */
  #published: Tally = {};

  constructor(
    private readonly counters: ProcessCounters,
    private readonly sessionId: string,
    private readonly own: () => Tally,
  ) {}

  /**
   * Publishes this process's part (announcing it to the other processes if `announce`) and reads
   * the others'; true if a dead process's part was dropped.
   */
  async sync(announce: boolean): Promise<boolean> {
    const own = this.own();
    await this.counters.publish(this.sessionId, own, announce);
    this.#published = own;
    return this.#readOthers(own);
  }

  /** Reads the others' parts again (one of them announced a change). */
  async refreshOthers(): Promise<void> {
    await this.#readOthers(this.#published);
  }

  current(): Record<string, number> {
    const sum: Record<string, number> = { ...this.own() };
    for (const [field, count] of this.#others) sum[field] = (sum[field] ?? 0) + count;
    return sum;
  }

  /** This process stops serving the session: its part leaves the totals now. */
  async leave(): Promise<void> {
    await this.counters.dropOwn(this.sessionId);
    await this.#readOthers({});
  }

  async #readOthers(ownPublished: Tally): Promise<boolean> {
    const { totals, dropped } = await this.counters.totals(this.sessionId);
    this.#others = new Map([...totals].map(([field, total]) => [field, Math.max(0, total - (ownPublished[field] ?? 0))]));
    return dropped > 0;
  }
}
