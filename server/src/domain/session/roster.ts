import type { Participant, ParticipantId } from '@multaqa/shared';
import { isStageMember } from './permissions.ts';

/** Identifies one live connection (a socket id in practice). */
export type ConnectionId = string;

export type JoinOutcome = {
  /** The same person's earlier connection, which must now be ended. */
  replaced: ConnectionId | undefined;
};

type Presence = { participant: Participant; connection: ConnectionId };

/**
 * Who is in one session right now. One person (participant id) has at most one live
 * connection: joining again from a new tab or after a reconnect replaces the old one.
 */
export class Roster {
  readonly #byId = new Map<ParticipantId, Presence>();

  join(participant: Participant, connection: ConnectionId): JoinOutcome {
    const previous = this.#byId.get(participant.id);
    this.#byId.set(participant.id, { participant, connection });
    const replaced = previous && previous.connection !== connection ? previous.connection : undefined;
    return { replaced };
  }

  /**
   * Removes the person only if `connection` is still theirs, so a replaced connection
   * closing late cannot remove the person's new one. Returns whether they left.
   */
  leave(participantId: ParticipantId, connection: ConnectionId): boolean {
    const presence = this.#byId.get(participantId);
    if (!presence || presence.connection !== connection) return false;
    this.#byId.delete(participantId);
    return true;
  }

  has(participantId: ParticipantId): boolean {
    return this.#byId.has(participantId);
  }

  participant(participantId: ParticipantId): Participant | undefined {
    return this.#byId.get(participantId)?.participant;
  }

  connectionOf(participantId: ParticipantId): ConnectionId | undefined {
    return this.#byId.get(participantId)?.connection;
  }

  get count(): number {
    return this.#byId.size;
  }

  get isEmpty(): boolean {
    return this.#byId.size === 0;
  }

  /** Everyone, in join order. */
  participants(): Participant[] {
    return [...this.#byId.values()].map((p) => p.participant);
  }

  /** Everyone but the audience, in join order. */
  stage(): Participant[] {
    return [...this.#byId.values()].map((p) => p.participant).filter((p) => isStageMember(p.grant));
  }
}
