import type { RequestName } from '@multaqa/shared';

/**
 * Which of one connection's requests keep their order among themselves. A person's media
 * requests run in the order sent, as do their booth commands and their queue and floor actions;
 * the kinds do not wait for each other, so a moderator's "give the floor" never waits behind that
 * page's consumes. The cough has a lane of its own: nothing may hold it up. Joining and leaving
 * wait for everything before them, and everything after waits for them.
 */
export type Lane = 'session' | 'media' | 'cough' | 'listening' | 'booth' | 'queue' | 'moderation' | 'recording';

const LANE_OF_DOMAIN: Record<string, Lane> = {
  session: 'session',
  media: 'media',
  interpretation: 'listening',
  booth: 'booth',
  queue: 'queue',
  floor: 'queue',
  moderation: 'moderation',
  recording: 'recording',
};

export function laneOf(event: RequestName): Lane {
  if (event === 'booth:setMuted') return 'cough';
  return LANE_OF_DOMAIN[event.slice(0, event.indexOf(':'))] ?? 'session';
}

/** One connection's lanes: each request runs after the earlier ones of its lane (and the last join or leave). */
export class RequestLanes {
  readonly #tails = new Map<Lane, Promise<void>>();
  /** The last join or leave: what every later request waits for. */
  #barrier: Promise<void> = Promise.resolve();

  /** Runs `task` (which never rejects) in its turn. */
  enqueue(lane: Lane, task: () => Promise<void>): void {
    if (lane === 'session') {
      this.#barrier = Promise.all([this.#barrier, ...this.#tails.values()]).then(task);
      this.#tails.clear();
      return;
    }
    this.#tails.set(lane, (this.#tails.get(lane) ?? this.#barrier).then(task));
  }
}
