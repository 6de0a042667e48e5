import type { SpeakerQueue } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import type { Roster } from '../domain/session/roster.ts';
import type { PeopleDirectory } from '../store/peopleDirectory.ts';
import type { Outbox } from './outbox.ts';

const unsettled = () => new DomainError('UNAVAILABLE', 'the server is still finding out who is connected after a database outage; try again in a moment');

/**
 * Whether the people in a session's queue (hands and the floor) are connected, on any process:
 * the queue marks those who are not, and the floor is never given to someone who is not there.
 * A dropped connection keeps its hand (they may be back in a moment); it is only marked.
 */
export class QueuePresence {
  /** Who this process last told the session is not connected. */
  #announced: string[] = [];
  /** Who was in the queue at its last change. */
  #inQueue: Set<string>;

  constructor(
    private readonly sessionId: string,
    private readonly roster: Roster,
    private readonly people: PeopleDirectory,
    private readonly outbox: Outbox,
    private readonly queue: () => SpeakerQueue,
    /** False while the processes may not all have said again who is connected (just after a Redis outage). */
    private readonly settled: () => boolean = () => true,
  ) {
    this.#inQueue = queueIds(queue());
  }

  /** The people of the queue (hands, and whoever has the floor) not connected anywhere now. */
  absent(): Promise<string[]> {
    return this.#absentAmong([...queueIds(this.queue())]);
  }

  /** Someone joined or left: if they are in the queue (or were last marked), everyone hears who in it is not there now. */
  async changed(participantId: string): Promise<void> {
    if (!queueIds(this.queue()).has(participantId) && !this.#announced.includes(participantId)) return;
    await this.announce();
  }

  /**
   * The queue changed: whoever is marked may have left it (a moderator lowered the hand of
   * someone gone, who then comes back and raises it again), or someone not connected entered it.
   */
  async queueChanged(): Promise<void> {
    const now = queueIds(this.queue());
    const left = [...this.#inQueue].filter((id) => !now.has(id));
    this.#inQueue = now;
    // One look-up for both: who of the queue is not here, and whether someone left it while gone
    // (another process may have said so: every process unmarks them).
    const gone = await this.#absentAmong([...now, ...left]);
    const absent = gone.filter((id) => now.has(id));
    const leftWhileGone = absent.length < gone.length;
    if (!leftWhileGone && absent.length === this.#announced.length && absent.every((id) => this.#announced.includes(id))) return;
    this.#tell(absent);
  }

  async announce(): Promise<void> {
    this.#tell(await this.absent());
  }

  async #absentAmong(ids: string[]): Promise<string[]> {
    const elsewhere = ids.filter((id) => this.roster.participant(id) === undefined);
    if (elsewhere.length === 0) return [];
    const present = await this.people.present(this.sessionId, elsewhere);
    return elsewhere.filter((id) => !present.has(id));
  }

  #tell(absent: string[]): void {
    this.#announced = absent;
    this.outbox.broadcast(this.sessionId, 'queue:absentChanged', { absent });
  }

  /** Refuses the floor to someone who is not connected, saying so to the moderator. */
  async assertPresent(participantId: string): Promise<void> {
    if (await this.#isPresent(participantId)) return;
    if (!this.settled()) throw unsettled();
    const name = this.queue().entries.find((entry) => entry.participantId === participantId)?.name ?? 'That person';
    throw new DomainError('INVALID_STATE', `${name} is not connected: the floor cannot be given to them now (they keep their place in the queue)`);
  }

  /** The first hand in the queue of someone connected; refused when nobody in it is. */
  async firstPresent(): Promise<string> {
    for (const entry of this.queue().entries) {
      if (await this.#isPresent(entry.participantId)) return entry.participantId;
      // Passing over someone who may only not be re-announced yet would take their turn.
      if (!this.settled()) throw unsettled();
    }
    throw new DomainError('INVALID_STATE', this.queue().entries.length === 0 ? 'nobody has raised a hand' : 'nobody in the queue is connected now');
  }

  async #isPresent(participantId: string): Promise<boolean> {
    return this.roster.participant(participantId) !== undefined || (await this.people.present(this.sessionId, [participantId])).has(participantId);
  }
}

function queueIds({ entries, current }: SpeakerQueue): Set<string> {
  return new Set([...entries.map((entry) => entry.participantId), ...(current ? [current.participantId] : [])]);
}
