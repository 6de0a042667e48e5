import { describe, expect, it } from 'vitest';
import type { SpeakerQueue } from '@multaqa/shared';
import { DomainError } from '../errors.ts';
import { applyQueueCommand, emptyQueue, positionOf, type QueueCommand } from './speakerQueue.ts';

const person = (id: string) => ({ id, name: id.toUpperCase() });
const raise = (id: string, kind: 'normal' | 'pointOfOrder' = 'normal', now = 1): QueueCommand => ({ type: 'raiseHand', by: person(id), kind, now });
const run = (...commands: QueueCommand[]) => commands.reduce(applyQueueCommand, emptyQueue());
const order = (queue: SpeakerQueue) => queue.entries.map((e) => e.participantId);

function refusal(queue: SpeakerQueue, command: QueueCommand): string {
  try {
    applyQueueCommand(queue, command);
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
}

describe('dropping a removed person', () => {
  it('takes their hand and their floor, and changes nothing for someone with neither', () => {
    let queue = applyQueueCommand(emptyQueue(), { type: 'raiseHand', by: { id: 'a', name: 'A' }, kind: 'normal', now: 1 });
    queue = applyQueueCommand(queue, { type: 'raiseHand', by: { id: 'b', name: 'B' }, kind: 'normal', now: 2 });
    queue = applyQueueCommand(queue, { type: 'giveFloor', participantId: 'b', now: 3, limitSeconds: 60 });
    const dropped = applyQueueCommand(applyQueueCommand(queue, { type: 'dropPerson', participantId: 'a' }), { type: 'dropPerson', participantId: 'b' });
    expect(dropped.entries).toEqual([]);
    expect(dropped.current).toBeNull();
    expect(applyQueueCommand(dropped, { type: 'dropPerson', participantId: 'nobody' })).toBe(dropped);
  });
});

describe('raising and lowering hands', () => {
  it('hands queue in the order they went up, with topic and language', () => {
    const queue = run(raise('a'), { type: 'raiseHand', by: person('b'), kind: 'normal', topic: 'Budget', language: 'fr', now: 5 });
    expect(order(queue)).toEqual(['a', 'b']);
    expect(queue.entries[1]).toEqual({ participantId: 'b', name: 'B', kind: 'normal', topic: 'Budget', language: 'fr', raisedAt: 5 });
    expect(positionOf(queue, 'b')).toBe(2);
    expect(positionOf(queue, 'zz')).toBeUndefined();
  });

  it('one hand per person: raising it again (a double click) changes nothing, not even its place', () => {
    const queue = run(raise('a'), raise('b'));
    expect(applyQueueCommand(queue, raise('a'))).toBe(queue);
  });

  it('points of order go ahead of normal hands, in their own order', () => {
    const queue = run(raise('a'), raise('b'), raise('p1', 'pointOfOrder'), raise('c'), raise('p2', 'pointOfOrder'));
    expect(order(queue)).toEqual(['p1', 'p2', 'a', 'b', 'c']);
  });

  it('lowering your hand; lowering it again changes nothing', () => {
    const queue = applyQueueCommand(run(raise('a'), raise('b')), { type: 'lowerHand', by: 'a' });
    expect(order(queue)).toEqual(['b']);
    expect(applyQueueCommand(queue, { type: 'lowerHand', by: 'a' })).toBe(queue);
  });
});

describe('moderating the queue', () => {
  const queue = () => run(raise('a'), raise('b'), raise('c'), raise('d'));

  it('moves an entry to any position, or to the top', () => {
    expect(order(applyQueueCommand(queue(), { type: 'move', participantId: 'd', toPosition: 2 }))).toEqual(['a', 'd', 'b', 'c']);
    expect(order(applyQueueCommand(queue(), { type: 'move', participantId: 'c', toPosition: 1 }))).toEqual(['c', 'a', 'b', 'd']);
    expect(order(applyQueueCommand(queue(), { type: 'move', participantId: 'a', toPosition: 4 }))).toEqual(['b', 'c', 'd', 'a']);
  });

  it('a move to where it already is changes nothing', () => {
    const q = queue();
    expect(applyQueueCommand(q, { type: 'move', participantId: 'b', toPosition: 2 })).toBe(q);
  });

  it('refuses moves out of range or of people not in the queue', () => {
    expect(refusal(queue(), { type: 'move', participantId: 'a', toPosition: 0 })).toMatch(/^VALIDATION_FAILED: position must be between 1 and 4/);
    expect(refusal(queue(), { type: 'move', participantId: 'a', toPosition: 5 })).toMatch(/^VALIDATION_FAILED/);
    expect(refusal(queue(), { type: 'move', participantId: 'zz', toPosition: 1 })).toBe('NOT_FOUND: that person is not in the queue');
  });

  it('removes one entry, or lowers all hands', () => {
    expect(order(applyQueueCommand(queue(), { type: 'remove', participantId: 'b' }))).toEqual(['a', 'c', 'd']);
    expect(order(applyQueueCommand(queue(), { type: 'lowerAll' }))).toEqual([]);
    const empty = emptyQueue();
    expect(applyQueueCommand(empty, { type: 'lowerAll' })).toBe(empty);
  });
});

describe('the floor', () => {
  it('giving the floor takes the entry out of the queue and starts the turn', () => {
    const queue = applyQueueCommand(run(raise('a'), { type: 'raiseHand', by: person('b'), kind: 'normal', language: 'tr', now: 2 }), {
      type: 'giveFloor',
      participantId: 'b',
      now: 1_000,
      limitSeconds: 300,
    });
    expect(order(queue)).toEqual(['a']);
    expect(queue.current).toEqual({ participantId: 'b', name: 'B', kind: 'normal', language: 'tr', startedAt: 1_000, limitSeconds: 300, onTimeUp: 'notify' });
  });

  it('next speaker is the head of the queue', () => {
    const queue = applyQueueCommand(run(raise('a'), raise('p', 'pointOfOrder')), { type: 'nextSpeaker', now: 5, limitSeconds: 60 });
    expect(queue.current?.participantId).toBe('p');
    expect(refusal(emptyQueue(), { type: 'nextSpeaker', now: 5, limitSeconds: 60 })).toBe('INVALID_STATE: nobody is waiting to speak');
  });

  it('the floor holder cannot raise a hand; taking the floor frees them', () => {
    const speaking = applyQueueCommand(run(raise('a')), { type: 'nextSpeaker', now: 5, limitSeconds: 60 });
    expect(refusal(speaking, raise('a'))).toBe('INVALID_STATE: you have the floor already');
    const taken = applyQueueCommand(speaking, { type: 'takeFloor' });
    expect(taken.current).toBeNull();
    expect(refusal(taken, { type: 'takeFloor' })).toBe('INVALID_STATE: nobody has the floor');
    expect(order(applyQueueCommand(taken, raise('a')))).toEqual(['a']);
  });

  it('giving the floor to someone else replaces the current speaker', () => {
    const first = applyQueueCommand(run(raise('a'), raise('b')), { type: 'nextSpeaker', now: 5, limitSeconds: 60 });
    const second = applyQueueCommand(first, { type: 'nextSpeaker', now: 9, limitSeconds: 60 });
    expect(second.current?.participantId).toBe('b');
  });

  it('the moderator changes the current turn’s time limit', () => {
    const speaking = applyQueueCommand(run(raise('a')), { type: 'nextSpeaker', now: 5, limitSeconds: 60 });
    expect(applyQueueCommand(speaking, { type: 'setTimeLimit', limitSeconds: 120 }).current?.limitSeconds).toBe(120);
    expect(applyQueueCommand(speaking, { type: 'setTimeLimit', limitSeconds: 60, onTimeUp: 'mute' }).current?.onTimeUp).toBe('mute');
    expect(applyQueueCommand(speaking, { type: 'setTimeLimit', limitSeconds: 60 })).toBe(speaking);
    expect(refusal(emptyQueue(), { type: 'setTimeLimit', limitSeconds: 120 })).toMatch(/nobody has the floor/);
  });
});

describe('invariants under random commands', () => {
  it('no duplicates, nobody both queued and speaking, points of order first unless moved', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    let queue = emptyQueue();
    let moved = false;
    for (let step = 0; step < 5_000; step++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      const commands: QueueCommand[] = [
        raise(id, random() < 0.2 ? 'pointOfOrder' : 'normal', step),
        { type: 'lowerHand', by: id },
        { type: 'remove', participantId: id },
        { type: 'move', participantId: id, toPosition: 1 + Math.floor(random() * 6) },
        { type: 'giveFloor', participantId: id, now: step, limitSeconds: 60 },
        { type: 'nextSpeaker', now: step, limitSeconds: 60 },
        { type: 'takeFloor' },
        { type: 'dropPerson', participantId: id },
        { type: 'setTimeLimit', limitSeconds: 30 + Math.floor(random() * 4) * 30, onTimeUp: random() < 0.5 ? 'mute' : 'notify' },
      ];
      if (random() < 0.01) commands.push({ type: 'lowerAll' });
      const command = commands[Math.floor(random() * commands.length)]!;
      const before = queue;
      try {
        queue = applyQueueCommand(queue, command);
        if (command.type === 'move') moved = true;
        if (command.type === 'lowerAll') moved = false;
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
      }
      // Each change is one version on; an unchanged queue keeps its version.
      expect(queue.version - before.version).toBe(queue === before ? 0 : 1);
      // A person removed from the session holds nothing any more; everyone else keeps their place.
      if (command.type === 'dropPerson') {
        expect(order(queue)).toEqual(order(before).filter((other) => other !== command.participantId));
        expect(queue.current?.participantId).not.toBe(command.participantId);
        if (before.current?.participantId !== command.participantId) expect(queue.current).toBe(before.current);
      }
      // A new time limit changes the speaker's limit alone.
      if (command.type === 'setTimeLimit' && before.current) {
        expect(queue.current).toEqual({ ...before.current, limitSeconds: command.limitSeconds, onTimeUp: command.onTimeUp });
        expect(queue.entries).toBe(before.entries);
      }
      const queued = order(queue);
      expect(new Set(queued).size).toBe(queued.length);
      if (queue.current) expect(queued).not.toContain(queue.current.participantId);
      if (!moved) {
        const firstNormal = queue.entries.findIndex((e) => e.kind === 'normal');
        if (firstNormal >= 0) expect(queue.entries.slice(firstNormal).every((e) => e.kind === 'normal')).toBe(true);
      }
    }
  });
});
