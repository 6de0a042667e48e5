import { z } from 'zod';
import { ParticipantIdSchema } from '../ids.ts';
import { FloorHolderSchema, QueueChangeSchema, QueueEntrySchema, type SpeakerQueue } from './queue.ts';

/**
 * A change of a long speaker queue, sent instead of the whole queue: the hands that went, the
 * hands that came (added at the end), and the new order of ids only when it is not the old one
 * with those removed and added (a move, a point of order). Applies to exactly `fromVersion`.
 */
export const QueueDeltaSchema = z.object({
  fromVersion: z.number().int().nonnegative(),
  version: z.number().int().nonnegative(),
  current: FloorHolderSchema.nullable(),
  removed: z.array(ParticipantIdSchema).max(10_000),
  added: z.array(QueueEntrySchema).max(10_000),
  order: z.array(ParticipantIdSchema).max(10_000).optional(),
  lastChange: QueueChangeSchema.optional(),
});
export type QueueDelta = z.infer<typeof QueueDeltaSchema>;

/** Queues longer than this are sent as deltas (a short queue is smaller whole than as ids). */
export const QUEUE_DELTA_FROM_ENTRIES = 30;

/** The delta that turns `before` into `after`. */
export function queueDelta(before: SpeakerQueue, after: SpeakerQueue): QueueDelta {
  const afterIds = new Set(after.entries.map((entry) => entry.participantId));
  const beforeById = new Map(before.entries.map((entry) => [entry.participantId, entry]));
  const removed = before.entries.filter((entry) => !afterIds.has(entry.participantId)).map((entry) => entry.participantId);
  // An entry that changed (a new topic) counts as removed and added again.
  const changed = after.entries.filter((entry) => beforeById.has(entry.participantId) && JSON.stringify(beforeById.get(entry.participantId)) !== JSON.stringify(entry));
  const added = [...after.entries.filter((entry) => !beforeById.has(entry.participantId)), ...changed];
  const delta: QueueDelta = {
    fromVersion: before.version,
    version: after.version,
    current: after.current,
    removed: [...removed, ...changed.map((entry) => entry.participantId)],
    added,
    ...(after.lastChange ? { lastChange: after.lastChange } : {}),
  };
  const plain = applyEntries(before, delta);
  const sameOrder = plain.length === after.entries.length && plain.every((entry, index) => entry.participantId === after.entries[index]!.participantId);
  return sameOrder ? delta : { ...delta, order: after.entries.map((entry) => entry.participantId) };
}

/** `queue` with `delta` applied, or undefined when the delta is not for this version (ask for the whole queue). */
export function applyQueueDelta(queue: SpeakerQueue, delta: QueueDelta): SpeakerQueue | undefined {
  if (queue.version !== delta.fromVersion) return undefined;
  let entries = applyEntries(queue, delta);
  if (delta.order) {
    const byId = new Map(entries.map((entry) => [entry.participantId, entry]));
    if (delta.order.length !== byId.size || delta.order.some((id) => !byId.has(id))) return undefined;
    entries = delta.order.map((id) => byId.get(id)!);
  }
  return { entries, current: delta.current, version: delta.version, ...(delta.lastChange ? { lastChange: delta.lastChange } : {}) };
}

function applyEntries(queue: SpeakerQueue, delta: Pick<QueueDelta, 'removed' | 'added'>) {
  const removed = new Set(delta.removed);
  return [...queue.entries.filter((entry) => !removed.has(entry.participantId)), ...delta.added];
}
