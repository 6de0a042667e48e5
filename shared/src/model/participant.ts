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

/**
 * Why the server holds someone's microphone muted, as that person is told: a moderator muted
 * them (they may unmute themselves, as in any meeting), or their speaking time is up (muted until
 * a moderator gives more time or the floor passes on). Interpretation routing (off air, cough,
 * handover) is not a mute: it never reaches the interpreter as one.
 */
export const ServerMuteSchema = z.enum(['moderator', 'timeUp']);
export type ServerMute = z.infer<typeof ServerMuteSchema>;

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
