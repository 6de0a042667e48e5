import type { ServerMute } from '@multaqa/shared';

/** Something paused and resumed asynchronously, as a mediasoup Producer is. */
export interface Pausable {
  readonly paused: boolean;
  readonly closed: boolean;
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/**
 * What keeps a producer from flowing: its owner turned it off, a server mute (moderator, time
 * up), interpretation routing (an interpreter who is not the live voice of their channel), or
 * an interpreter's cough button held down (applied at once, before the booth hears of it).
 */
export type Hold = 'owner' | ServerMute | 'offAir' | 'cough';

/**
 * The holds on one producer, and the producer kept in line with them: it flows exactly when
 * nothing holds it. Holds change faster than the worker answers (a cough tapped, a handover and
 * straight back), and a producer's `paused` only changes once the worker has answered; so one
 * reconciliation runs at a time and re-reads the wanted state after every step: the last change
 * always wins.
 */
export class ProducerHolds {
  readonly #holds: Set<Hold>;
  #reconciling: Promise<void> | undefined;

  constructor(
    private readonly target: Pausable,
    initial: Iterable<Hold>,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#holds = new Set(initial);
    this.#reconcile();
  }

  has(hold: Hold): boolean {
    return this.#holds.has(hold);
  }

  /** The server mutes in force, as the owner is told about them. */
  get serverMutes(): ServerMute[] {
    return (['moderator', 'timeUp'] as const).filter((mute) => this.#holds.has(mute));
  }

  /** Adds or removes one hold; returns whether that changed anything. */
  set(hold: Hold, on: boolean): boolean {
    if (this.#holds.has(hold) === on) return false;
    if (on) this.#holds.add(hold);
    else this.#holds.delete(hold);
    this.#reconcile();
    return true;
  }

  /** Resolves once the producer matches the holds (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.#reconciling) await this.#reconciling;
  }

  #inLine(): boolean {
    return this.target.closed || this.target.paused === this.#holds.size > 0;
  }

  #reconcile(): void {
    // A running loop re-reads the holds after its current step; one in line needs none.
    if (this.#reconciling || this.#inLine()) return;
    this.#reconciling = this.#run().finally(() => {
      this.#reconciling = undefined;
    });
  }

  async #run(): Promise<void> {
    try {
      while (!this.#inLine()) await (this.#holds.size > 0 ? this.target.pause() : this.target.resume());
    } catch (error) {
      if (!this.target.closed) this.onError(error);
    }
  }
}
