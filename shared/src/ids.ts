import { z } from 'zod';

/** Slugs for conferences and sessions: `plenary-1`, `workshop-media-ethics`. */
export const SlugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes');

/** Identity of one person across reconnects (the join token's subject). */
export const ParticipantIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');
export type ParticipantId = z.infer<typeof ParticipantIdSchema>;

/** mediasoup object ids (transports, producers, consumers) are UUIDs. */
export const MediaIdSchema = z.string().uuid();

/** ISO 639-1 language code, lower case. */
export const LanguageCodeSchema = z
  .string()
  .regex(/^[a-z]{2}$/, 'a two-letter ISO 639-1 code');
export type LanguageCode = z.infer<typeof LanguageCodeSchema>;

export const DisplayNameSchema = z.string().trim().min(1).max(80);
