import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, ParticipantIdSchema } from '../ids.ts';

const PersonSchema = z.object({ id: ParticipantIdSchema, name: DisplayNameSchema });

/** A recording running in a session, as everyone in it sees it (the "● Recording" indicator). */
export const RecordingStatusSchema = z.object({
  id: z.uuid(),
  startedAt: z.iso.datetime(),
  by: PersonSchema,
});
export type RecordingStatus = z.infer<typeof RecordingStatusSchema>;

/**
 * Why a track of a recording has no playable file: `cameraOff`: the camera was off the whole
 * time; `noMedia`: nothing was received from it; `noPicture`: video came, but never a whole
 * picture to start from; `recorderFailed`: the recorder failed (`detail`: what it said);
 * `diskFull`: the disk refused it.
 */
export const TrackFailureReasonSchema = z.enum(['cameraOff', 'noMedia', 'noPicture', 'recorderFailed', 'diskFull']);
export type TrackFailureReason = z.infer<typeof TrackFailureReasonSchema>;

/** The recorder's own words (ffmpeg's error line): one line of printable ASCII. */
const RecorderDetailSchema = z.string().max(200).regex(/^[\x20-\x7e…]*$/);

export const TrackFailureSchema = z.object({ reason: TrackFailureReasonSchema, detail: RecorderDetailSchema.optional() });
export type TrackFailure = z.infer<typeof TrackFailureSchema>;

/** One file of a recording, as organizers list it. */
export const RecordingFileSchema = z.object({
  name: z.string().min(1).max(200),
  kind: z.enum(['audio', 'video', 'log']),
  /**
   * `channel`: an interpretation channel as its listeners heard it; `floor`: every stage
   * microphone mixed, as floor listeners heard it; `microphone`/`camera`: one stage producer.
   */
  source: z.enum(['channel', 'floor', 'microphone', 'camera', 'log']),
  codec: z.enum(['opus', 'vp8', 'h264', 'json']),
  language: LanguageCodeSchema.optional(),
  participant: PersonSchema.optional(),
  bytes: z.number().int().nonnegative(),
  /** Where the track starts in the recording, and how long it is (ms). */
  startOffsetMs: z.number().int().nonnegative().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  /** The track stopped being written before the recording ended (its writer failed); `durationMs` is what it holds. */
  stoppedEarly: z.boolean().optional(),
  /**
   * A camera's part (1, 2, …): each time a person's camera comes back (a reconnect, turned on
   * again) in a recording, a new file starts at `startOffsetMs`. A microphone is one file
   * across reconnects (silence while they were away), so always part 1 unless its recorder
   * failed and it went on in a new one.
   */
  part: z.number().int().positive().optional(),
  /** The track left no playable file, and why (the file is empty or missing). */
  failed: TrackFailureSchema.optional(),
  /** A short-lived download link (signed; no join token in it). */
  url: z.string(),
});
export type RecordingFile = z.infer<typeof RecordingFileSchema>;

export const RecordingSummarySchema = z.object({
  id: z.uuid(),
  sessionId: z.string(),
  startedAt: z.iso.datetime(),
  stoppedAt: z.iso.datetime().nullable(),
  /** `interrupted`: its server process went away before it was stopped (the files are what was written). */
  status: z.enum(['recording', 'complete', 'interrupted']),
  by: PersonSchema,
  files: z.array(RecordingFileSchema),
});
export type RecordingSummary = z.infer<typeof RecordingSummarySchema>;

/** GET /api/sessions/:sessionId/recordings */
export const RecordingListSchema = z.object({ recordings: z.array(RecordingSummarySchema) });
export type RecordingList = z.infer<typeof RecordingListSchema>;

/** One track of a recording, as a fault names it. */
export const RecordedTrackSchema = z.object({
  file: z.string().min(1).max(200),
  source: z.enum(['channel', 'microphone', 'camera']),
  language: LanguageCodeSchema.optional(),
  participant: PersonSchema.optional(),
  part: z.number().int().positive().optional(),
});
export type RecordedTrack = z.infer<typeof RecordedTrackSchema>;

/**
 * Something went wrong with the running recording. `trackStopped`: one track stopped being
 * written `atMs` into the recording (its ffmpeg ended; `diskFull`: the disk refused it); the
 * other tracks go on, and the manifest lists it as stopped early, with the length it has.
 * `diskFull`: the recordings disk has less free space than the server's floor (`minFreeMb`,
 * RECORDINGS_MIN_FREE_MB): the recording was stopped, and what it wrote is kept.
 * `trackFailed`: a track has no playable file (`reason`), told when it is known `atMs` into the
 * recording: a camera that is on but gives no picture (`noMedia`, `noPicture`: while it
 * happens; it may still come), or a track found empty when it ended (its part, or the recording).
 */
export const RecordingFaultSchema = z.discriminatedUnion('fault', [
  z.object({
    fault: z.literal('trackStopped'),
    recordingId: z.uuid(),
    track: RecordedTrackSchema,
    cause: z.enum(['writerExited', 'diskFull']),
    atMs: z.number().int().nonnegative(),
  }),
  z.object({
    fault: z.literal('trackFailed'),
    recordingId: z.uuid(),
    track: RecordedTrackSchema,
    reason: TrackFailureReasonSchema,
    detail: RecorderDetailSchema.optional(),
    atMs: z.number().int().nonnegative(),
  }),
  z.object({
    fault: z.literal('diskFull'),
    recordingId: z.uuid(),
    freeMb: z.number().int().nonnegative(),
    minFreeMb: z.number().int().nonnegative(),
  }),
]);
export type RecordingFault = z.infer<typeof RecordingFaultSchema>;
