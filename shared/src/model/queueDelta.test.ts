import { describe, expect, it } from 'vitest';
import type { QueueEntry, SpeakerQueue } from './queue.ts';
import { applyQueueDelta, queueDelta } from './queueDelta.ts';

const entry = (n: number, topic?: string): QueueEntry => ({ participantId: `p-${n}`, name: `Person ${n}`, kind: 'normal', raisedAt: 1_000 + n, ...(topic ? { topic } : {}) });
const queueOf = (ids: number[], version: number): SpeakerQueue => ({ entries: ids.map((n) => entry(n)), current: null, version });

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe('speaker queue deltas', () => {
  it('turn any queue into any next queue: 2,000 random changes (raise, lower, move, next, new topic)', () => {
    const next = random(7);
    let queue = queueOf(Array.from({ length: 60 }, (_, i) => i), 1);
    let fresh = 1_000;
    for (let step = 0; step < 2_000; step++) {
      const entries = [...queue.entries];
      const pick = () => Math.floor(next() * entries.length);
      const roll = next();
      if (roll < 0.3 || entries.length === 0) entries.push(entry(fresh++));
      else if (roll < 0.5) entries.splice(pick(), 1);
      else if (roll < 0.7) entries.splice(pick(), 0, ...entries.splice(pick(), 1));
      else if (roll < 0.8) entries.splice(0, 0, entry(fresh++)); // a point of order goes ahead
      else if (roll < 0.9) entries[pick()] = { ...entries[pick()]!, topic: `topic ${step}` };
      else entries.shift();
      const after: SpeakerQueue = { entries: dedupe(entries), current: roll > 0.9 ? { ...entry(step), startedAt: step, limitSeconds: 60, onTimeUp: 'notify' } : queue.current, version: queue.version + 1 };
      const delta = queueDelta(queue, after);
      expect(applyQueueDelta(queue, delta)).toEqual(after);
      queue = after;
    }
  });

  it('refuses a delta made for another version, and one whose order does not fit', () => {
    const before = queueOf([1, 2, 3], 4);
    const delta = queueDelta(before, queueOf([3, 1, 2, 4], 5));
    expect(applyQueueDelta(queueOf([1, 2, 3], 3), delta)).toBeUndefined();
    expect(applyQueueDelta(before, { ...delta, order: ['p-1', 'p-9'] })).toBeUndefined();
  });

  it('one hand lowered in a queue of 500 is a few dozen bytes instead of the whole queue', () => {
    const before = queueOf(Array.from({ length: 500 }, (_, i) => i), 10);
    const after = queueOf([...Array.from({ length: 500 }, (_, i) => i)].filter((n) => n !== 250), 11);
    const delta = queueDelta(before, after);
    expect(delta.order).toBeUndefined();
    expect(JSON.stringify(delta).length).toBeLessThan(120);
    expect(JSON.stringify(after).length).toBeGreaterThan(30_000);
  });

  it('carries who made the change, so a delta tells people as much as the whole queue', () => {
    const before = queueOf([1, 2, 3], 4);
    const after: SpeakerQueue = { ...queueOf([1, 3], 5), lastChange: { type: 'remove', by: { id: 'yusuf', name: 'Yusuf' } } };
    const delta = queueDelta(before, after);
    expect(delta.lastChange).toEqual(after.lastChange);
    expect(applyQueueDelta(before, delta)).toEqual(after);
  });
});

function dedupe(entries: QueueEntry[]): QueueEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.participantId) && seen.add(e.participantId));
}
