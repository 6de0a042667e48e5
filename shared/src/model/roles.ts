import { z } from 'zod';
import { LanguageCodeSchema } from '../ids.ts';

/** What a person may do in a session; carried by the signed join token. */
export const RoleSchema = z.enum(['attendee', 'speaker', 'interpreter', 'moderator', 'organizer']);
export type Role = z.infer<typeof RoleSchema>;

/** Roles whose camera and microphone go to the stage. */
export const STAGE_ROLES: readonly Role[] = ['speaker', 'moderator', 'organizer'];

/** A role together with what it needs: an interpreter works into one language. */
export const RoleGrantSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('attendee') }),
  z.object({ role: z.literal('speaker') }),
  z.object({ role: z.literal('interpreter'), language: LanguageCodeSchema }),
  z.object({ role: z.literal('moderator') }),
  z.object({ role: z.literal('organizer') }),
]);
export type RoleGrant = z.infer<typeof RoleGrantSchema>;
