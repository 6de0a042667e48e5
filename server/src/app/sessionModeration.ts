import { QUEUE_DELTA_FROM_ENTRIES, queueDelta, type HandKind, type Participant, type SessionInfo, type SpeakerQueue, type TimeUpPolicy } from '@multaqa/shared';
import type { QueueCommand } from '../domain/moderation/speakerQueue.ts';
import { DomainError } from '../domain/errors.ts';
import { RateLimiter } from '../domain/moderation/rateLimiter.ts';
import { assertModerator } from '../domain/session/permissions.ts';
import type { QueueStore } from '../store/queueStore.ts';
import type { Outbox } from './outbox.ts';

/** Raise/lower: a burst of 5, then one every 2 s; enough for people, not for a script. */
const handLimiter = () => new RateLimiter(5, 0.5);

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
  readonly #limiter = handLimiter();
  /** One "slow down" per booth member every 5 s: a signal, not a stream. */
  readonly #slowDownLimiter = new RateLimiter(1, 0.2);
  #queue: SpeakerQueue;

  private constructor(
    private readonly info: SessionInfo,
    private readonly store: QueueStore,
    private readonly outbox: Outbox,
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
    onQueueChanged: (queue: SpeakerQueue) => void,
    clock: () => number = Date.now,
  ): Promise<SessionModeration> {
    return new SessionModeration(info, store, outbox, onQueueChanged, await store.get(info.id), clock);
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

  raiseHand(participant: Participant, hand: { kind: HandKind; topic?: string; language?: string }): Promise<SpeakerQueue> {
    const now = this.clock();
    this.#limiter.take(participant.id, now, 'raise and lower your hand');
    return this.#apply({ type: 'raiseHand', by: { id: participant.id, name: participant.name }, ...hand, now });
  }

  lowerHand(participant: Participant): Promise<SpeakerQueue> {
    this.#limiter.take(participant.id, this.clock(), 'raise and lower your hand');
    return this.#apply({ type: 'lowerHand', by: participant.id });
  }

  /** A moderator's action; refused with FORBIDDEN for everyone else, before anything changes. */
  moderate(participant: Participant, action: ModeratorAction): Promise<SpeakerQueue> {
    assertModerator(participant.grant);
    const limitSeconds = 'limitSeconds' in action && action.limitSeconds ? action.limitSeconds : this.info.speakerTimeLimitSeconds;
    const command: ModeratorCommand =
      action.type === 'giveFloor' || action.type === 'nextSpeaker'
        ? { ...action, now: this.clock(), limitSeconds }
        : action;
    return this.#apply(command as QueueCommand);
  }

  /** Someone was removed from the session: out of the queue and off the floor. */
  dropPerson(participantId: string): Promise<SpeakerQueue> {
    return this.#apply({ type: 'dropPerson', participantId });
  }

  /** An interpreter asks the current speaker to slow down; the speaker and moderators see it. */
  askToSlowDown(participant: Participant): void {
    if (participant.grant.role !== 'interpreter') throw new DomainError('FORBIDDEN', 'only interpreters can ask the speaker to slow down');
    const now = this.clock();
    this.#slowDownLimiter.take(participant.id, now, 'ask to slow down');
    this.outbox.broadcast(this.info.id, 'floor:slowDownRequested', {
      language: participant.grant.language,
      from: { id: participant.id, name: participant.name },
      at: new Date(now).toISOString(),
    });
  }

  async #apply(command: QueueCommand): Promise<SpeakerQueue> {
    const before = this.queue;
    const { queue, changed } = await this.store.apply(this.info.id, command);
    this.sync(queue);
    if (!changed) return queue;
    // A long queue goes out as a delta when this process knew the version it changes.
    const long = Math.max(before.entries.length, queue.entries.length) > QUEUE_DELTA_FROM_ENTRIES;
    if (long && before.version + 1 === queue.version) this.outbox.broadcast(this.info.id, 'queue:delta', queueDelta(before, queue));
    else this.outbox.broadcast(this.info.id, 'queue:changed', { queue });
    return queue;
  }
}
