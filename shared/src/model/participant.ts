import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, MediaIdSchema, ParticipantIdSchema } from '../ids.ts';
import { RoleGrantSchema } from './roles.ts';

/** A person present in a session, as everyone else sees them. */
export const ParticipantSchema = z.object({
  id: ParticipantIdSchema,
  name: DisplayNameSchema,
  grant: RoleGrantSchema,
});
export type Participant = z.infer<typeof ParticipantSchema>;

/** camera and microphone go to the stage; `interpretation` is an interpreter's channel voice. */
export const MediaSourceSchema = z.enum(['camera', 'microphone', 'interpretation']);
export type MediaSource = z.infer<typeof MediaSourceSchema>;

export const MediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKindSchema>;

/** A published track that others may consume. */
export const ProducerInfoSchema = z.object({
  id: MediaIdSchema,
  participantId: ParticipantIdSchema,
  kind: MediaKindSchema,
  source: MediaSourceSchema,
  paused: z.boolean(),
  /** For `interpretation`: the channel's language. */
  language: LanguageCodeSchema.optional(),
});
export type ProducerInfo = z.infer<typeof ProducerInfoSchema>;
