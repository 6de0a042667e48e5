import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, ParticipantIdSchema } from '../ids.ts';

/** What an interpreter listens to: the floor, or another booth's channel (relay). */
export const InterpreterInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('floor') }),
  z.object({ kind: z.literal('booth'), language: LanguageCodeSchema }),
]);
export type InterpreterInput = z.infer<typeof InterpreterInputSchema>;

export const BoothInterpreterSchema = z.object({
  id: ParticipantIdSchema,
  name: DisplayNameSchema,
  input: InterpreterInputSchema,
  /**
   * Their connection dropped and they are expected back (their place is kept for the grace
   * period): partners can see it, and take the channel if they were on air.
   */
  away: z.boolean().optional(),
});
export type BoothInterpreter = z.infer<typeof BoothInterpreterSchema>;

/**
 * One language channel's booth: its interpreters (usually two who alternate), who is on air
 * (at most one), whether that one is coughing (momentarily muted), and a pending handover.
 */
export const BoothSchema = z.object({
  language: LanguageCodeSchema,
  interpreters: z.array(BoothInterpreterSchema),
  onAir: ParticipantIdSchema.nullable(),
  muted: z.boolean(),
  /** The on-air interpreter offered the channel to a partner, who may now take it. */
  handoverOfferedBy: ParticipantIdSchema.nullable(),
  /** Bumped on every change; lets stores detect concurrent writers. */
  version: z.number().int().nonnegative(),
});
export type Booth = z.infer<typeof BoothSchema>;

/** The language a listener hears: a channel, or `null` for the floor as it is. */
export const ListeningChoiceSchema = LanguageCodeSchema.nullable();
