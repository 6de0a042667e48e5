import type { ConnectionId } from '../domain/session/roster.ts';
import { withdraws, type LinkIdentity, type Withdrawal } from '../domain/session/withdrawal.ts';
import type { Logger } from '../logger.ts';

/** Why a link stops letting its holder in while they are connected. */
export type LinkEnding = 'WITHDRAWN' | 'EXPIRED';

/** A join link as a connection uses it: which one, and until when (seconds since the epoch). */
export type LinkInUse = LinkIdentity & { expiresAt: number };

type Watched = { link: LinkInUse; end: (reason: LinkEnding) => void; timer: NodeJS.Timeout | undefined };

/** setTimeout's longest delay (about 24.8 days); a link may live 31. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * The join links the connections of this process joined with. A link that is withdrawn (heard
 * from any process, or found on a re-check after Redis was away) or that expires ends its
 * connection: a link stops working for the people who hold it open, not just for new joins.
 */
export class OpenLinks {
  readonly #watched = new Map<ConnectionId, Watched>();

  constructor(
    private readonly deps: {
      /** Whether the link was withdrawn (asks Redis). */
      isWithdrawn: (link: LinkIdentity) => Promise<boolean>;
      logger: Logger;
      now?: () => number;
    },
  ) {}

  /** Watches the link `connection` joined with; `end` is called once, when it is withdrawn or expires. */
  watch(connection: ConnectionId, link: LinkInUse, end: (reason: LinkEnding) => void): void {
    this.forget(connection);
    const watched: Watched = { link, end, timer: undefined };
    this.#watched.set(connection, watched);
    this.#armExpiry(connection, watched);
  }

  forget(connection: ConnectionId): void {
    clearTimeout(this.#watched.get(connection)?.timer);
    this.#watched.delete(connection);
  }

  /** A withdrawal announced by any process: the connections it takes back end. */
  withdrawn(withdrawal: Withdrawal): void {
    for (const [connection, { link }] of this.#watched) {
      if (withdraws(withdrawal, link)) this.#end(connection, 'WITHDRAWN');
    }
  }

  /** Asks again about every link in use (a withdrawal announced while Redis was out of reach was missed). */
  async recheck(): Promise<void> {
    for (const [connection, { link }] of [...this.#watched]) {
      if (await this.deps.isWithdrawn(link)) this.#end(connection, 'WITHDRAWN');
    }
  }

  get size(): number {
    return this.#watched.size;
  }

  close(): void {
    for (const { timer } of this.#watched.values()) clearTimeout(timer);
    this.#watched.clear();
  }

  #armExpiry(connection: ConnectionId, watched: Watched): void {
    const left = watched.link.expiresAt * 1000 - (this.deps.now ?? Date.now)();
    if (left <= 0) {
      this.#end(connection, 'EXPIRED');
      return;
    }
    watched.timer = setTimeout(() => {
      if (this.#watched.get(connection) === watched) this.#armExpiry(connection, watched);
    }, Math.min(left, LONGEST_TIMER_MS));
    watched.timer.unref();
  }

  #end(connection: ConnectionId, reason: LinkEnding): void {
    const watched = this.#watched.get(connection);
    if (!watched) return;
    this.forget(connection);
    this.deps.logger.info({ connection, participant: watched.link.participantId, reason }, 'ended a connection: its join link no longer holds');
    watched.end(reason);
  }
}
