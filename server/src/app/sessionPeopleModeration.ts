import type { Participant, SessionInfo } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import { assertMayRemove, assertModerator, isModerator } from '../domain/session/permissions.ts';
import type { ConnectionId, Roster } from '../domain/session/roster.ts';
import type { Logger } from '../logger.ts';
import type { ModerationMessage, ModerationStore } from '../store/moderationEvents.ts';
import type { PeopleDirectory } from '../store/peopleDirectory.ts';
import type { Outbox } from './outbox.ts';

export type PeopleAction = ModerationMessage['action'];
/** Who muted someone (`everyone`: by muting all), as the person muted is told. */
export type ModeratorMute = { id: string; name: string; everyone: boolean };

/**
 * A moderator acting on people rather than the queue: the participant list, muting one or
 * everyone, removing someone. The action is published to every process, and each carries it
 * out for the people connected to it.
 */
export class SessionPeopleModeration {
  constructor(
    private readonly info: SessionInfo,
    private readonly roster: Roster,
    private readonly stores: { people: PeopleDirectory; moderation: ModerationStore },
    private readonly outbox: Outbox,
    private readonly here: {
      processId: string;
      /** Ends a connection's part in the session here (`stillInSession`: they went on elsewhere). */
      leave: (connection: ConnectionId, options: { stillInSession: boolean }) => Promise<unknown>;
      /** Mutes, on the server, the microphones of the people `who` picks; `by` is told to them. */
      muteMicrophones: (who: (participantId: string) => boolean, by?: ModeratorMute) => void;
      /** Takes someone out of the queue and off the floor. */
      dropFromQueue: (participantId: string, actor: Participant) => Promise<unknown>;
      logger: Logger;
    },
  ) {}

  /** Everyone in the session, on every server process (moderators only). */
  async participants(actor: Participant): Promise<Participant[]> {
    assertModerator(actor.grant);
    return this.stores.people.everyone(this.info.id);
  }

  /** A moderator mutes one person, mutes everyone, or removes someone (checked against their rank). */
  async act(actor: Participant, action: PeopleAction): Promise<void> {
    assertModerator(actor.grant);
    if (action.type === 'remove') {
      const target = this.roster.participant(action.participantId) ?? (await this.stores.people.find(this.info.id, action.participantId));
      if (!target) throw new DomainError('NOT_FOUND', 'that person is not in the session');
      assertMayRemove(actor, target);
    }
    // Whoever sent it, the people muted hear who it really was.
    const signed = action.type === 'mute' || action.type === 'muteAll' ? { ...action, by: { id: actor.id, name: actor.name } } : action;
    await this.stores.moderation.publish({ sessionId: this.info.id, action: signed });
    // A removed person's hand must not stay up to be given the floor.
    if (action.type === 'remove') await this.here.dropFromQueue(action.participantId, actor);
  }

  /** Carries out an action (from any process) for the people connected here. */
  apply(action: PeopleAction): void {
    if (action.type === 'replaced') {
      if (action.by === this.here.processId) return;
      // They are in the session through another process now: no one is told they left.
      this.#end(action.participantId, 'REPLACED', 'you joined this session from another window', true);
      return;
    }
    if (action.type === 'remove') {
      this.#end(action.participantId, 'REMOVED', 'a moderator removed you from this session', false);
      return;
    }
    const by = action.by && { ...action.by, everyone: action.type === 'muteAll' };
    this.here.muteMicrophones((participantId) => {
      if (action.type === 'mute') return participantId === action.participantId;
      const owner = this.roster.participant(participantId);
      return owner !== undefined && !isModerator(owner.grant);
    }, by);
  }

  #end(participantId: string, reason: 'REPLACED' | 'REMOVED', message: string, stillInSession: boolean): void {
    const connection = this.roster.connectionOf(participantId);
    if (connection === undefined) return;
    this.here.leave(connection, { stillInSession }).catch((error: unknown) => this.here.logger.warn({ err: error, reason }, 'could not clean up an ended connection'));
    this.outbox.end(connection, reason, message);
  }
}
