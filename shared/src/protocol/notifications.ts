import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, MediaIdSchema, ParticipantIdSchema } from '../ids.ts';
import { BoothSchema } from '../model/interpretation.ts';
import { SpeakerQueueSchema } from '../model/queue.ts';
import { QueueDeltaSchema } from '../model/queueDelta.ts';
import { MediaSourceSchema, ParticipantSchema, ProducerInfoSchema, ServerMuteSchema } from '../model/participant.ts';
import { RecordingFaultSchema, RecordingStatusSchema } from '../model/recording.ts';
import { InputQualitySchema } from '../model/sound.ts';
import { ListenerCountsSchema } from './requests.ts';

/**
 * Every server → client notification and its payload. Names are `domain:pastTense`.
 */
export const notifications = {
  /** Someone joined the stage (speakers, moderators, organizers, interpreters). */
  'participant:joined': z.object({ participant: ParticipantSchema }),
  'participant:left': z.object({ participantId: ParticipantIdSchema }),
  /** How many people are in the session; sent at most twice a second (every 2 s to a server process with over 1,000 people). */
  'session:countChanged': z.object({ participantCount: z.number().int().nonnegative() }),
  /**
   * This connection was ended by the server: the same person joined elsewhere (REPLACED), a
   * moderator removed them (REMOVED), the organizers withdrew their join link (WITHDRAWN), the
   * link expired (EXPIRED; joining again needs a new link), or the server restarts media or
   * shuts down (MEDIA_RESTARTED, SERVER_SHUTDOWN: join again, on the same link).
   */
  'session:ended': z.object({
    reason: z.enum(['REPLACED', 'REMOVED', 'WITHDRAWN', 'EXPIRED', 'MEDIA_RESTARTED', 'SERVER_SHUTDOWN']),
    message: z.string(),
  }),
  'producer:added': z.object({ producer: ProducerInfoSchema }),
  'producer:closed': z.object({ producerId: MediaIdSchema }),
  /** A producer stopped flowing to listeners (for whatever reason: its owner, a mute, routing). */
  'producer:paused': z.object({ producerId: MediaIdSchema }),
  'producer:resumed': z.object({ producerId: MediaIdSchema }),
  /**
   * To the owner only: the server's mutes on one of their producers changed. `mutedBy` is the
   * whole set now in force (empty: none); see ServerMuteSchema. `moderator`: the moderator whose
   * mute this change is (`everyone`: by muting all), so the owner is told who muted them.
   */
  'media:serverMuteChanged': z.object({
    producerId: MediaIdSchema,
    source: MediaSourceSchema,
    mutedBy: z.array(ServerMuteSchema),
    moderator: z.object({ id: ParticipantIdSchema, name: DisplayNameSchema, everyone: z.boolean() }).optional(),
  }),
  /** A consumer of this client was closed server-side (its producer went away). */
  'consumer:closed': z.object({ consumerId: MediaIdSchema }),
  /** The loudest stage participant, for the large tile. */
  'speaker:activeChanged': z.object({ participantId: ParticipantIdSchema.nullable() }),
  /**
   * How a floor microphone arrives, about once a second while it is published (null: it is gone).
   * Interpreters, moderators and organizers only.
   */
  'sound:floorInput': z.object({ producerId: MediaIdSchema, participantId: ParticipantIdSchema, quality: InputQualitySchema.nullable() }),
  /**
   * To a speaker: how their own microphone reaches the server, while it is poor and once when it
   * is fine again, so they can act on it (a headset, a cable, the input level).
   */
  'sound:ownInput': z.object({ producerId: MediaIdSchema, quality: InputQualitySchema }),
  /** A booth changed: who is on air, muted, handing over, or an interpreter's input. */
  'booth:changed': z.object({ booth: BoothSchema }),
  /** A message between the partners of one booth; only that booth's interpreters get it. */
  'booth:chatMessage': z.object({
    language: LanguageCodeSchema,
    from: z.object({ id: ParticipantIdSchema, name: DisplayNameSchema }),
    text: z.string().min(1).max(500),
    sentAt: z.iso.datetime(),
  }),
  /** A booth asked the speaker to slow down. */
  'floor:slowDownRequested': z.object({
    language: LanguageCodeSchema,
    from: z.object({ id: ParticipantIdSchema, name: DisplayNameSchema }),
    at: z.iso.datetime(),
  }),
  /** The speaker queue or the floor changed. */
  'queue:changed': z.object({ queue: SpeakerQueueSchema }),
  /**
   * The speaker queue changed, as a delta (sent instead of queue:changed for long queues). A
   * client whose queue is not at `fromVersion` asks for the whole queue (queue:get).
   */
  'queue:delta': QueueDeltaSchema,
  /**
   * The people of the queue (hands, and whoever has the floor) who are not connected now, on
   * any process: the queue marks them (they keep their place), and the floor is not given to them.
   */
  'queue:absentChanged': z.object({ absent: z.array(ParticipantIdSchema) }),
  /** Listener numbers per channel; sent at most twice a second (every 2 s to a server process with over 1,000 people). */
  'interpretation:listenerCountsChanged': ListenerCountsSchema,
  /** The session started being recorded (`recording`), or stopped (`null`). */
  /**
   * The session's recording began or ended; `interrupted`: it ended because the server recording
   * it went away (what was written so far is kept) — start it again to go on recording.
   */
  'recording:changed': z.object({ recording: RecordingStatusSchema.nullable(), interrupted: z.boolean().optional() }),
  /** To moderators and organizers, at once: a track of the recording stopped, or the disk filled and it was stopped (see RecordingFaultSchema). */
  'recording:faulted': RecordingFaultSchema,
} as const;

export type NotificationName = keyof typeof notifications;
export type NotificationPayload<E extends NotificationName> = z.infer<(typeof notifications)[E]>;
