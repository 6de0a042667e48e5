import type { FloorHolder, HandKind, QueueEntry, SpeakerQueue, TimeUpPolicy } from '@multaqa/shared';
import { DomainError } from '../errors.ts';

type Person = { id: string; name: string };

/** Everything that changes a speaker queue. `now` comes from the caller: the domain has no clock. */
export type QueueCommand =
  | { type: 'raiseHand'; by: Person; kind: HandKind; topic?: string; language?: string; now: number }
  | { type: 'lowerHand'; by: string }
  | { type: 'remove'; participantId: string }
  /** A person removed from the session: their hand goes, and the floor if they hold it (no error if neither). */
  | { type: 'dropPerson'; participantId: string }
  | { type: 'move'; participantId: string; toPosition: number }
  | { type: 'lowerAll' }
  | { type: 'giveFloor'; participantId: string; now: number; limitSeconds: number; onTimeUp?: TimeUpPolicy }
  | { type: 'nextSpeaker'; now: number; limitSeconds: number; onTimeUp?: TimeUpPolicy }
  | { type: 'takeFloor' }
  | { type: 'setTimeLimit'; limitSeconds: number; onTimeUp?: TimeUpPolicy };

export function emptyQueue(): SpeakerQueue {
  return { entries: [], current: null, version: 0 };
}

/** 1-based position of a person's hand, or undefined. */
export function positionOf(queue: SpeakerQueue, participantId: string): number | undefined {
  const index = queue.entries.findIndex((entry) => entry.participantId === participantId);
  return index < 0 ? undefined : index + 1;
}

/**
 * The speaker queue state machine: the next state, or a DomainError saying why not. Invariants:
 * one hand per person, nobody both in the queue and on the floor, points of order ahead of
 * normal hands unless a moderator moved them.
 */
export function applyQueueCommand(queue: SpeakerQueue, command: QueueCommand): SpeakerQueue {
  const next = transition(queue, command);
  return next === queue ? queue : { ...next, version: queue.version + 1 };
}

function transition(queue: SpeakerQueue, command: QueueCommand): SpeakerQueue {
  switch (command.type) {
    case 'raiseHand': {
      const { by } = command;
      if (queue.current?.participantId === by.id) throw refuse('you have the floor already');
      // A second press (a double click, a retry) changes nothing: the hand is up, as wanted.
      if (positionOf(queue, by.id) !== undefined) return queue;
      const entry: QueueEntry = {
        participantId: by.id,
        name: by.name,
        kind: command.kind,
        ...(command.topic ? { topic: command.topic } : {}),
        ...(command.language ? { language: command.language } : {}),
        raisedAt: command.now,
      };
      const entries = [...queue.entries];
      if (command.kind === 'pointOfOrder') {
        const afterLastPoint = entries.findLastIndex((e) => e.kind === 'pointOfOrder') + 1;
        entries.splice(afterLastPoint, 0, entry);
      } else {
        entries.push(entry);
      }
      return { ...queue, entries };
    }

    case 'lowerHand':
      if (positionOf(queue, command.by) === undefined) return queue; // down already, as wanted
      return { ...queue, entries: queue.entries.filter((e) => e.participantId !== command.by) };

    case 'remove':
      entryOf(queue, command.participantId);
      return { ...queue, entries: queue.entries.filter((e) => e.participantId !== command.participantId) };

    case 'dropPerson': {
      const holds = queue.current?.participantId === command.participantId;
      const raised = queue.entries.some((e) => e.participantId === command.participantId);
      if (!holds && !raised) return queue;
      return { ...queue, entries: queue.entries.filter((e) => e.participantId !== command.participantId), current: holds ? null : queue.current };
    }

    case 'move': {
      const entry = entryOf(queue, command.participantId);
      if (command.toPosition < 1 || command.toPosition > queue.entries.length) {
        throw new DomainError('VALIDATION_FAILED', `position must be between 1 and ${queue.entries.length}`);
      }
      const entries = queue.entries.filter((e) => e !== entry);
      entries.splice(command.toPosition - 1, 0, entry);
      return entries.every((e, i) => e === queue.entries[i]) ? queue : { ...queue, entries };
    }

    case 'lowerAll':
      return queue.entries.length === 0 ? queue : { ...queue, entries: [] };

    case 'giveFloor':
      return giveFloor(queue, entryOf(queue, command.participantId), command);

    case 'nextSpeaker': {
      const head = queue.entries[0];
      if (!head) throw refuse('nobody is waiting to speak');
      return giveFloor(queue, head, command);
    }

    case 'takeFloor':
      if (!queue.current) throw refuse('nobody has the floor');
      return { ...queue, current: null };

    case 'setTimeLimit': {
      if (!queue.current) throw refuse('nobody has the floor');
      const onTimeUp = command.onTimeUp ?? queue.current.onTimeUp;
      if (queue.current.limitSeconds === command.limitSeconds && queue.current.onTimeUp === onTimeUp) return queue;
      return { ...queue, current: { ...queue.current, limitSeconds: command.limitSeconds, onTimeUp } };
    }
  }
}

function giveFloor(queue: SpeakerQueue, entry: QueueEntry, turn: { now: number; limitSeconds: number; onTimeUp?: TimeUpPolicy }): SpeakerQueue {
  const { raisedAt: _raisedAt, ...speaker } = entry;
  const current: FloorHolder = { ...speaker, startedAt: turn.now, limitSeconds: turn.limitSeconds, onTimeUp: turn.onTimeUp ?? 'notify' };
  return { ...queue, entries: queue.entries.filter((e) => e !== entry), current };
}

function entryOf(queue: SpeakerQueue, participantId: string): QueueEntry {
  const entry = queue.entries.find((e) => e.participantId === participantId);
  if (!entry) throw new DomainError('NOT_FOUND', 'that person is not in the queue');
  return entry;
}

function refuse(message: string): DomainError {
  return new DomainError('INVALID_STATE', message);
}
