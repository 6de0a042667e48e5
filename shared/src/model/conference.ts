import { z } from 'zod';
import { LanguageCodeSchema, SlugSchema } from '../ids.ts';

export const SessionKindSchema = z.enum(['plenary', 'workshop']);
export type SessionKind = z.infer<typeof SessionKindSchema>;

/** One session of the agenda: a room with its floor language and interpretation channels. */
export const SessionInfoSchema = z.object({
  id: SlugSchema,
  conferenceId: SlugSchema,
  title: z.string().min(1).max(200),
  kind: SessionKindSchema,
  /** Index into the conference's `days`. */
  day: z.number().int().min(0),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  room: z.string().min(1).max(100),
  /** The language most speakers use on the floor. */
  floorLanguage: LanguageCodeSchema,
  /** One interpretation channel (booth) per language. */
  interpretationLanguages: z.array(LanguageCodeSchema).max(32),
  /** Default speaking time per turn, in seconds. */
  speakerTimeLimitSeconds: z.number().int().min(10).max(4 * 3600),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const ConferenceDaySchema = z.object({
  date: z.iso.date(),
  label: z.string().min(1).max(100),
});

export const ConferenceSchema = z.object({
  id: SlugSchema,
  title: z.string().min(1).max(200),
  timeZone: z.string().min(1).max(64),
  floorLanguage: LanguageCodeSchema,
  interpretationLanguages: z.array(LanguageCodeSchema).max(32),
  days: z.array(ConferenceDaySchema).min(1),
  sessions: z.array(SessionInfoSchema),
});
export type Conference = z.infer<typeof ConferenceSchema>;
