import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, ParticipantIdSchema } from '../ids.ts';

/** A point of order goes ahead of every normal request to speak. */
export const HandKindSchema = z.enum(['normal', 'pointOfOrder']);
export type HandKind = z.infer<typeof HandKindSchema>;

/** One raised hand; a person has at most one in a session's queue. */
export const QueueEntrySchema = z.object({
  participantId: ParticipantIdSchema,
  name: DisplayNameSchema,
  kind: HandKindSchema,
  topic: z.string().trim().min(1).max(200).optional(),
  /** The language the person will speak, so booths can switch to relay in time. */
  language: LanguageCodeSchema.optional(),
  /** When the hand went up (ms since epoch). */
  raisedAt: z.number().int().nonnegative(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

/** What happens when a turn's time is up: everyone is told, or the microphone is also muted. */
export const TimeUpPolicySchema = z.enum(['notify', 'mute']);
export type TimeUpPolicy = z.infer<typeof TimeUpPolicySchema>;

/** Who has the floor now, since when, and for how long. */
export const FloorHolderSchema = QueueEntrySchema.omit({ raisedAt: true }).extend({
  startedAt: z.number().int().nonnegative(),
  limitSeconds: z.number().int().min(10).max(4 * 3600),
  onTimeUp: TimeUpPolicySchema.default('notify'),
});
export type FloorHolder = z.infer<typeof FloorHolderSchema>;

/** The kinds of change a speaker queue goes through (one per queue command). */
export const QueueChangeTypeSchema = z.enum([
  'raiseHand',
  'lowerHand',
  'remove',
  'dropPerson',
  'move',
  'lowerAll',
  'giveFloor',
  'nextSpeaker',
  'takeFloor',
  'setTimeLimit',
]);
export type QueueChangeType = z.infer<typeof QueueChangeTypeSchema>;

/**
 * The change that made this version of the queue, and who made it (absent: the server itself),
 * so that a person can be told "Moderator Yusuf lowered your hand" rather than guess.
 */
export const QueueChangeSchema = z.object({
  type: QueueChangeTypeSchema,
  by: z.object({ id: ParticipantIdSchema, name: DisplayNameSchema }).optional(),
  /** Whose hand a moderator lowered (`remove`), or who left or was removed with a hand up or the floor (`dropPerson`). */
  subject: z.object({ id: ParticipantIdSchema, name: DisplayNameSchema }).optional(),
});
export type QueueChange = z.infer<typeof QueueChangeSchema>;

/** A session's speaker queue: the hands in order (position = index + 1) and the floor. */
export const SpeakerQueueSchema = z.object({
  entries: z.array(QueueEntrySchema),
  current: FloorHolderSchema.nullable(),
  version: z.number().int().nonnegative(),
  lastChange: QueueChangeSchema.optional(),
});
export type SpeakerQueue = z.infer<typeof SpeakerQueueSchema>;
