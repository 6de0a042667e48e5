import { QUEUE_DELTA_FROM_ENTRIES, queueDelta, type HandKind, type Participant, type SessionInfo, type SpeakerQueue, type TimeUpPolicy } from '@multaqa/shared';
import type { QueueCommand } from '../domain/moderation/speakerQueue.ts';
import { DomainError } from '../domain/errors.ts';
import { assertModerator } from '../domain/session/permissions.ts';
import type { QueueStore } from '../store/queueStore.ts';
import type { Limits } from './limits.ts';
import type { Outbox } from './outbox.ts';

export type ModeratorCommand = Exclude<QueueCommand, { type: 'raiseHand' } | { type: 'lowerHand' }>;
export type ModeratorAction =
  | { type: 'remove'; participantId: string }
  | { type: 'move'; participantId: string; toPosition: number }
  | { type: 'lowerAll' }
  | { type: 'giveFloor'; participantId: string; limitSeconds?: number; onTimeUp?: TimeUpPolicy }
  | { type: 'nextSpeaker'; limitSeconds?: number; onTimeUp?: TimeUpPolicy }
  | { type: 'takeFloor' }
  | { type: 'setTimeLimit'; limitSeconds: number; onTimeUp?: TimeUpPolicy };

/**
 * The speaker queue of one live session on this process: a cache of the Redis truth, kept fresh
 * by the queue-change subscription; `onQueueChanged` lets the session enforce the floor in media.
 */
export class SessionModeration {
  #queue: SpeakerQueue;

  private constructor(
    private readonly info: SessionInfo,
    private readonly store: QueueStore,
    private readonly outbox: Outbox,
    private readonly limits: Limits,
    private readonly onQueueChanged: (queue: SpeakerQueue) => void,
    queue: SpeakerQueue,
    private readonly clock: () => number,
  ) {
    this.#queue = queue;
  }

  static async load(
    info: SessionInfo,
    store: QueueStore,
    outbox: Outbox,
    limits: Limits,
    onQueueChanged: (queue: SpeakerQueue) => void,
    clock: () => number = Date.now,
  ): Promise<SessionModeration> {
    return new SessionModeration(info, store, outbox, limits, onQueueChanged, await store.get(info.id), clock);
  }

  get queue(): SpeakerQueue {
    return this.#queue;
  }

  hasFloor(participantId: string): boolean {
    return this.#queue.current?.participantId === participantId;
  }

  sync(queue: SpeakerQueue): void {
    if (queue.version <= this.#queue.version) return;
    this.#queue = queue;
    this.onQueueChanged(queue);
  }

  /**
   * Redis came back: the queue as Redis has it (what changed elsewhere meanwhile included), or
   * this process's copy written back if Redis lost it; this process's people hear a change.
   */
  async resync(): Promise<void> {
    const truth = await this.store.restore(this.info.id, this.#queue);
    if (JSON.stringify(truth) === JSON.stringify(this.#queue)) return;
    this.#queue = truth;
    this.onQueueChanged(truth);
    this.outbox.broadcastHere(this.info.id, 'queue:changed', { queue: truth });
  }

  async raiseHand(participant: Participant, hand: { kind: HandKind; topic?: string; language?: string }): Promise<SpeakerQueue> {
    await this.limits.take('hand', participant.id);
    return this.#apply({ type: 'raiseHand', by: { id: participant.id, name: participant.name }, ...hand, now: this.clock() }, participant);
  }

  async lowerHand(participant: Participant): Promise<SpeakerQueue> {
    await this.limits.take('hand', participant.id);
    return this.#apply({ type: 'lowerHand', by: participant.id }, participant);
  }

  /** A moderator's action; refused with FORBIDDEN for everyone else, before anything changes. */
  moderate(participant: Participant, action: ModeratorAction): Promise<SpeakerQueue> {
    assertModerator(participant.grant);
    const limitSeconds = 'limitSeconds' in action && action.limitSeconds ? action.limitSeconds : this.info.speakerTimeLimitSeconds;
    const command: ModeratorCommand =
      action.type === 'giveFloor' || action.type === 'nextSpeaker'
        ? { ...action, now: this.clock(), limitSeconds }
        : action;
    return this.#apply(command as QueueCommand, participant);
  }

  /** Someone was removed from the session (by `actor`): out of the queue and off the floor. */
  dropPerson(participantId: string, actor?: Participant): Promise<SpeakerQueue> {
    return this.#apply({ type: 'dropPerson', participantId }, actor);
  }

  /** An interpreter asks the current speaker to slow down; the speaker and moderators see it. */
  async askToSlowDown(participant: Participant): Promise<void> {
    if (participant.grant.role !== 'interpreter') throw new DomainError('FORBIDDEN', 'only interpreters can ask the speaker to slow down');
    await this.limits.take('slowDown', participant.id);
    const now = this.clock();
    this.outbox.broadcast(this.info.id, 'floor:slowDownRequested', {
      language: participant.grant.language,
      from: { id: participant.id, name: participant.name },
      at: new Date(now).toISOString(),
    });
  }

  /** `actor`: who made the change, as everyone is told with the queue (none: the server). */
  async #apply(command: QueueCommand, actor?: Participant): Promise<SpeakerQueue> {
    const before = this.queue;
    // Whose hand (or turn) went, so the others read who it was: a hand a moderator lowered, or
    // someone who left or was removed (with the floor, perhaps).
    const subjectId = command.type === 'remove' || command.type === 'dropPerson' ? command.participantId : undefined;
    const subject = before.entries.find((entry) => entry.participantId === subjectId) ?? (before.current?.participantId === subjectId ? before.current : undefined);
    const change = {
      type: command.type,
      ...(actor ? { by: { id: actor.id, name: actor.name } } : {}),
      ...(subject ? { subject: { id: subject.participantId, name: subject.name } } : {}),
    };
    const { queue, changed } = await this.store.apply(this.info.id, command, change);
    this.sync(queue);
    if (!changed) return queue;
    // A long queue goes out as a delta when this process knew the version it changes.
    const long = Math.max(before.entries.length, queue.entries.length) > QUEUE_DELTA_FROM_ENTRIES;
    if (long && before.version + 1 === queue.version) this.outbox.broadcast(this.info.id, 'queue:delta', queueDelta(before, queue));
    else this.outbox.broadcast(this.info.id, 'queue:changed', { queue });
    return queue;
  }
}
