import { renewalIntervalMs } from '../domain/recording/recordingClaims.ts';
import type { Logger } from '../logger.ts';
import type { RecordingClaim, RecordingStore } from '../store/recordingStore.ts';

/**
 * This process's claim on one session's recording, kept in Redis for as long as the recording
 * lasts: renewed every third of its lease, and put back when Redis lost it (a restart without
 * its data), so no other process starts a second recording meanwhile. Released when the
 * recording ends; a release Redis did not take is tried again (at each renewal time and when
 * Redis is back) until it is, so nobody keeps seeing a recording that is over.
 */
export class RecordingLease {
  #held: RecordingClaim | undefined;
  /** A recording that ended whose release Redis has not taken yet. */
  #unreleased: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RecordingStore,
    private readonly sessionId: string,
    private readonly logger: Logger,
    /** Another recording holds the session: this one's claim was lost (Redis lost it, and someone claimed it meanwhile). */
    private readonly onLost: (recordingId: string) => void,
  ) {}

  /** Keeps `claim` (just taken, or changed: the recording began). */
  hold(claim: RecordingClaim): void {
    this.#held = claim;
    this.#unreleased = undefined;
    this.#timer ??= setInterval(() => void this.#tick(), renewalIntervalMs(this.store.leaseMs)).unref();
  }

  /** The recording ended (or never began): the session is free of it, now or as soon as Redis takes it. */
  async release(recordingId: string): Promise<void> {
    if (this.#held?.id === recordingId) this.#held = undefined;
    this.#unreleased = recordingId;
    await this.#tick();
  }

  /** Redis is back (maybe empty): the claim is put back, or the release made, now. */
  resync(): Promise<void> {
    return this.#tick();
  }

  #tick(): Promise<void> {
    this.#busy = this.#busy.then(() => this.#step());
    return this.#busy;
  }

  async #step(): Promise<void> {
    const held = this.#held;
    const unreleased = this.#unreleased;
    try {
      if (held) {
        const renewal = await this.store.renew(this.sessionId, held);
        if (renewal === 'restored') this.logger.warn({ recording: held.id }, 'the recording claim was gone from Redis; put back');
        if (renewal === 'lost' && this.#held === held) {
          this.#held = undefined;
          this.onLost(held.id);
        }
      } else if (unreleased) {
        await this.store.release(this.sessionId, unreleased);
        if (this.#unreleased === unreleased) this.#unreleased = undefined;
      }
    } catch (error) {
      this.logger.warn({ err: error, recording: held?.id ?? unreleased }, held ? 'could not renew the recording claim' : 'could not release the recording claim; trying again');
    }
    if (!this.#held && !this.#unreleased) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
