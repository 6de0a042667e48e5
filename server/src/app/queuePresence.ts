import type { SpeakerQueue } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import type { Roster } from '../domain/session/roster.ts';
import type { PeopleDirectory } from '../store/peopleDirectory.ts';
import type { Outbox } from './outbox.ts';

/**
 * Whether the people in a session's queue (hands and the floor) are connected, on any process:
 * the queue marks those who are not, and the floor is never given to someone who is not there.
 * A dropped connection keeps its hand (they may be back in a moment); it is only marked.
 */
export class QueuePresence {
  constructor(
    private readonly sessionId: string,
    private readonly roster: Roster,
    private readonly people: PeopleDirectory,
    private readonly outbox: Outbox,
    private readonly queue: () => SpeakerQueue,
  ) {}

  /** The people of the queue (hands, and whoever has the floor) not connected anywhere now. */
  async absent(): Promise<string[]> {
    const { entries, current } = this.queue();
    const ids = [...entries.map((entry) => entry.participantId), ...(current ? [current.participantId] : [])];
    const elsewhere = ids.filter((id) => this.roster.participant(id) === undefined);
    if (elsewhere.length === 0) return [];
    const present = await this.people.present(this.sessionId, elsewhere);
    return elsewhere.filter((id) => !present.has(id));
  }

  /** Someone joined or left: if they are in the queue, everyone hears who in it is not there now. */
  async changed(participantId: string): Promise<void> {
    const { entries, current } = this.queue();
    if (current?.participantId !== participantId && !entries.some((entry) => entry.participantId === participantId)) return;
    await this.announce();
  }

  async announce(): Promise<void> {
    this.outbox.broadcast(this.sessionId, 'queue:absentChanged', { absent: await this.absent() });
  }

  /** Refuses the floor to someone who is not connected, saying so to the moderator. */
  async assertPresent(participantId: string): Promise<void> {
    if (await this.#isPresent(participantId)) return;
    const name = this.queue().entries.find((entry) => entry.participantId === participantId)?.name ?? 'That person';
    throw new DomainError('INVALID_STATE', `${name} is not connected: the floor cannot be given to them now (they keep their place in the queue)`);
  }

  /** The first hand in the queue of someone connected; refused when nobody in it is. */
  async firstPresent(): Promise<string> {
    for (const entry of this.queue().entries) if (await this.#isPresent(entry.participantId)) return entry.participantId;
    throw new DomainError('INVALID_STATE', this.queue().entries.length === 0 ? 'nobody has raised a hand' : 'nobody in the queue is connected now');
  }

  async #isPresent(participantId: string): Promise<boolean> {
    return this.roster.participant(participantId) !== undefined || (await this.people.present(this.sessionId, [participantId])).has(participantId);
  }
}
