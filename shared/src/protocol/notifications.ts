import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, MediaIdSchema, ParticipantIdSchema } from '../ids.ts';
import { BoothSchema } from '../model/interpretation.ts';
import { SpeakerQueueSchema } from '../model/queue.ts';
import { QueueDeltaSchema } from '../model/queueDelta.ts';
import { MediaSourceSchema, ParticipantSchema, ProducerInfoSchema, ServerMuteSchema } from '../model/participant.ts';
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
  /** This connection was ended by the server (e.g. the same person joined elsewhere). */
  'session:ended': z.object({
    reason: z.enum(['REPLACED', 'REMOVED', 'MEDIA_RESTARTED', 'SERVER_SHUTDOWN']),
    message: z.string(),
  }),
  'producer:added': z.object({ producer: ProducerInfoSchema }),
  'producer:closed': z.object({ producerId: MediaIdSchema }),
  /** A producer stopped flowing to listeners (for whatever reason: its owner, a mute, routing). */
  'producer:paused': z.object({ producerId: MediaIdSchema }),
  'producer:resumed': z.object({ producerId: MediaIdSchema }),
  /**
   * To the owner only: the server's mutes on one of their producers changed. `mutedBy` is the
   * whole set now in force (empty: none); see ServerMuteSchema.
   */
  'media:serverMuteChanged': z.object({
    producerId: MediaIdSchema,
    source: MediaSourceSchema,
    mutedBy: z.array(ServerMuteSchema),
  }),
  /** A consumer of this client was closed server-side (its producer went away). */
  'consumer:closed': z.object({ consumerId: MediaIdSchema }),
  /** The loudest stage participant, for the large tile. */
  'speaker:activeChanged': z.object({ participantId: ParticipantIdSchema.nullable() }),
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
  /** Listener numbers per channel; sent at most twice a second (every 2 s to a server process with over 1,000 people). */
  'interpretation:listenerCountsChanged': ListenerCountsSchema,
} as const;

export type NotificationName = keyof typeof notifications;
export type NotificationPayload<E extends NotificationName> = z.infer<(typeof notifications)[E]>;
