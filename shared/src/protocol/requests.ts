import { z } from 'zod';
import { LanguageCodeSchema, MediaIdSchema, ParticipantIdSchema } from '../ids.ts';
import { BoothSchema, InterpreterInputSchema, ListeningChoiceSchema } from '../model/interpretation.ts';
import { HandKindSchema, SpeakerQueueSchema, TimeUpPolicySchema } from '../model/queue.ts';
import { SessionInfoSchema } from '../model/conference.ts';
import { MediaKindSchema, MediaSourceSchema, ParticipantSchema, ProducerInfoSchema } from '../model/participant.ts';
import { RecordingStatusSchema } from '../model/recording.ts';
import { SenderInputReportSchema } from '../model/sound.ts';
import {
  DtlsParametersSchema,
  IceCandidateSchema,
  IceParametersSchema,
  RtpCapabilitiesSchema,
  RtpParametersSchema,
} from '../model/rtp.ts';
import { PROTOCOL_VERSION } from './version.ts';

const EmptySchema = z.object({}).strict();

/** How many people listen to the floor and to each channel. */
export const ListenerCountsSchema = z.object({
  floor: z.number().int().nonnegative(),
  channels: z.record(LanguageCodeSchema, z.number().int().nonnegative()),
});
export type ListenerCounts = z.infer<typeof ListenerCountsSchema>;

const BoothResultSchema = z.object({ booth: BoothSchema });
const QueueResultSchema = z.object({ queue: SpeakerQueueSchema });
/** A turn's time limit in seconds (10 s to 4 h); omitted: the session's default. */
const TimeLimitSchema = z.number().int().min(10).max(4 * 3600);

export const SelectLanguageRequestSchema = z.object({ language: ListeningChoiceSchema });
export const SelectLanguageResultSchema = z.object({
  language: ListeningChoiceSchema,
  /** Whether an interpreter is live on that channel right now (false for the floor). */
  live: z.boolean(),
});

export const JoinRequestSchema = z.object({
  /** The signed join token from the join link. */
  token: z.string().min(10).max(4096),
  protocolVersion: z.literal(PROTOCOL_VERSION),
});
export const JoinResultSchema = z.object({
  self: ParticipantSchema,
  session: SessionInfoSchema,
  /** Everyone on stage (speakers, moderators, organizers) and the interpreters. */
  stage: z.array(ParticipantSchema),
  participantCount: z.number().int().nonnegative(),
  /** Who speaks loudest on stage now (the large tile), so late joiners need not wait for a change. */
  activeSpeakerId: ParticipantIdSchema.nullable(),
  producers: z.array(ProducerInfoSchema),
  /** Every interpretation channel of the session, in the session's language order. */
  booths: z.array(BoothSchema),
  listenerCounts: ListenerCountsSchema,
  queue: SpeakerQueueSchema,
  /** The people of the queue who are not connected now (see queue:absentChanged). */
  queueAbsent: z.array(ParticipantIdSchema),
  /** The server's clock (ms since epoch) as it answered: turns are timed by it, not by the client's. */
  serverTime: z.number().int().nonnegative(),
  /** The recording running now, if the session is being recorded. */
  recording: RecordingStatusSchema.nullable(),
});
export type JoinResult = z.infer<typeof JoinResultSchema>;

/**
 * How a browser encodes one kind of voice (Opus, fullband). In-band FEC keeps a lost packet
 * audible to interpreters; DTX stays off, so a quiet speaker is never cut into silence and back.
 */
export const AudioEncodingSchema = z.object({
  maxAverageBitrate: z.number().int().min(6_000).max(510_000),
  fec: z.boolean(),
  dtx: z.boolean(),
});
export type AudioEncoding = z.infer<typeof AudioEncodingSchema>;

export const RouterCapabilitiesResultSchema = z.object({
  rtpCapabilities: z.looseObject({}),
  /** The floor (speakers, someone given the floor) and the interpretation channels. */
  audioEncoding: z.object({ floor: AudioEncodingSchema, interpretation: AudioEncodingSchema }),
});

export const CreateTransportRequestSchema = z.object({ direction: z.enum(['send', 'recv']) });
/**
 * A TURN server with this participant's time-limited credentials (TURN REST API scheme: the
 * username is `<expiry unix seconds>:<participant id>`), for browsers that cannot reach the SFU
 * over UDP or its TCP port.
 */
export const IceServerSchema = z.object({
  urls: z.array(z.string().regex(/^turns?:/)).min(1),
  username: z.string().min(1).max(128),
  credential: z.string().min(1).max(128),
});
export type IceServer = z.infer<typeof IceServerSchema>;
export const TransportOptionsSchema = z.object({
  id: MediaIdSchema,
  iceParameters: IceParametersSchema,
  iceCandidates: z.array(IceCandidateSchema),
  dtlsParameters: DtlsParametersSchema,
  /** Empty when the deployment runs no TURN server. */
  iceServers: z.array(IceServerSchema),
  /** `relay`: the browser must send everything through TURN (set by the operator). */
  iceTransportPolicy: z.enum(['all', 'relay']),
});
export type TransportOptions = z.infer<typeof TransportOptionsSchema>;

export const ConnectTransportRequestSchema = z.object({
  transportId: MediaIdSchema,
  dtlsParameters: DtlsParametersSchema,
});

export const ProduceRequestSchema = z.object({
  transportId: MediaIdSchema,
  kind: MediaKindSchema,
  rtpParameters: RtpParametersSchema,
  source: MediaSourceSchema,
  paused: z.boolean().optional(),
});
export const ProduceResultSchema = z.object({ producerId: MediaIdSchema });

export const ProducerRequestSchema = z.object({ producerId: MediaIdSchema });

export const ConsumeRequestSchema = z.object({
  transportId: MediaIdSchema,
  producerId: MediaIdSchema,
  rtpCapabilities: RtpCapabilitiesSchema,
});
export const ConsumeResultSchema = z.object({
  consumerId: MediaIdSchema,
  producerId: MediaIdSchema,
  kind: MediaKindSchema,
  rtpParameters: z.looseObject({}),
  /** Consumers start paused; the client resumes once its track is wired up. */
  paused: z.literal(true),
  producerPaused: z.boolean(),
});
export type ConsumeResult = z.infer<typeof ConsumeResultSchema>;

export const ConsumerRequestSchema = z.object({ consumerId: MediaIdSchema });

/**
 * Every client → server request: its payload schema and the data of a successful ack.
 * Event names are `domain:verb`.
 */
export const requests = {
  'session:join': { request: JoinRequestSchema, result: JoinResultSchema },
  'session:leave': { request: EmptySchema, result: EmptySchema },
  'media:getRouterRtpCapabilities': { request: EmptySchema, result: RouterCapabilitiesResultSchema },
  'media:createTransport': { request: CreateTransportRequestSchema, result: TransportOptionsSchema },
  'media:connectTransport': { request: ConnectTransportRequestSchema, result: EmptySchema },
  /**
   * New ICE credentials for a transport whose network path broke while signalling stayed up
   * (a laptop moving from Wi-Fi to cable): the client restarts ICE with them, and the media
   * goes on over the new path without new producers or consumers.
   */
  'media:restartIce': { request: z.object({ transportId: MediaIdSchema }), result: z.object({ iceParameters: IceParametersSchema }) },
  'media:produce': { request: ProduceRequestSchema, result: ProduceResultSchema },
  /**
   * A speaker's browser says how its own microphone sounds before encoding (clipping cannot be
   * seen after it), every few seconds while it publishes; it joins the floor's sound quality.
   */
  'media:reportInput': { request: z.object({ producerId: MediaIdSchema, report: SenderInputReportSchema }).strict(), result: EmptySchema },
  /** The owner turns their own camera or microphone off. */
  'media:pauseProducer': { request: ProducerRequestSchema, result: EmptySchema },
  /**
   * The owner turns it on again; this also lifts a moderator's mute. It flows once nothing else
   * holds it (speaking time up, an interpreter who is not the live voice of the channel).
   */
  'media:resumeProducer': { request: ProducerRequestSchema, result: EmptySchema },
  'media:closeProducer': { request: ProducerRequestSchema, result: EmptySchema },
  'media:consume': { request: ConsumeRequestSchema, result: ConsumeResultSchema },
  'media:resumeConsumer': { request: ConsumerRequestSchema, result: EmptySchema },
  /** Stops a consumer's packets while its tile is out of sight (resume with media:resumeConsumer). */
  'media:pauseConsumer': { request: ConsumerRequestSchema, result: EmptySchema },
  /**
   * Which simulcast layer of a camera this person wants, for the size of its tile (0: smallest).
   * The server sends that layer or a lower one while the listener's bandwidth is short.
   */
  'media:setVideoLayer': {
    request: z.object({ consumerId: MediaIdSchema, spatialLayer: z.number().int().min(0).max(2) }),
    result: EmptySchema,
  },
  /** Stops receiving one track for good (e.g. video, when listening audio only). */
  'media:closeConsumer': { request: ConsumerRequestSchema, result: EmptySchema },
  'interpretation:selectLanguage': { request: SelectLanguageRequestSchema, result: SelectLanguageResultSchema },
  'booth:goOnAir': { request: EmptySchema, result: BoothResultSchema },
  'booth:goOffAir': { request: EmptySchema, result: BoothResultSchema },
  'booth:offerHandover': { request: EmptySchema, result: BoothResultSchema },
  'booth:cancelHandover': { request: EmptySchema, result: BoothResultSchema },
  /**
   * A partner takes the channel: when offered, or with `force` from an on-air interpreter who
   * is silent or gone (the console asks the partner to confirm first).
   */
  'booth:takeOver': { request: z.object({ force: z.boolean().optional() }).strict(), result: BoothResultSchema },
  'booth:setMuted': { request: z.object({ muted: z.boolean() }), result: BoothResultSchema },
  'booth:setInput': { request: z.object({ input: InterpreterInputSchema }), result: BoothResultSchema },
  'booth:sendChat': { request: z.object({ text: z.string().trim().min(1).max(500) }), result: EmptySchema },
  'queue:raiseHand': {
    request: z.object({
      kind: HandKindSchema.default('normal'),
      topic: z.string().trim().min(1).max(200).optional(),
      language: LanguageCodeSchema.optional(),
    }),
    result: QueueResultSchema,
  },
  'queue:lowerHand': { request: EmptySchema, result: QueueResultSchema },
  /** The whole queue as it is now (after a queue:delta that did not fit the client's copy). */
  'queue:get': { request: EmptySchema, result: QueueResultSchema },
  'queue:remove': { request: z.object({ participantId: ParticipantIdSchema }), result: QueueResultSchema },
  'queue:move': {
    request: z.object({ participantId: ParticipantIdSchema, toPosition: z.number().int().min(1).max(10_000) }),
    result: QueueResultSchema,
  },
  'queue:lowerAll': { request: EmptySchema, result: QueueResultSchema },
  'floor:give': {
    request: z.object({ participantId: ParticipantIdSchema, limitSeconds: TimeLimitSchema.optional(), onTimeUp: TimeUpPolicySchema.optional() }),
    result: QueueResultSchema,
  },
  'floor:next': {
    request: z.object({ limitSeconds: TimeLimitSchema.optional(), onTimeUp: TimeUpPolicySchema.optional() }),
    result: QueueResultSchema,
  },
  'floor:take': { request: EmptySchema, result: QueueResultSchema },
  'floor:setTimeLimit': {
    request: z.object({ limitSeconds: TimeLimitSchema, onTimeUp: TimeUpPolicySchema.optional() }),
    result: QueueResultSchema,
  },
  /** A booth asks the current speaker to slow down; the speaker and moderators see it. */
  'booth:slowDown': { request: EmptySchema, result: EmptySchema },
  /** Pauses one person's microphone on the server (they may unmute themselves). */
  'moderation:mute': { request: z.object({ participantId: ParticipantIdSchema }), result: EmptySchema },
  /** Pauses every microphone but the moderators'. */
  'moderation:muteAll': { request: EmptySchema, result: EmptySchema },
  /** Ends a person's connection and keeps them out of this session. */
  'moderation:remove': { request: z.object({ participantId: ParticipantIdSchema }), result: EmptySchema },
  /** Everyone in the session, on every server process, for the moderator's participant list. */
  'moderation:listParticipants': { request: EmptySchema, result: z.object({ participants: z.array(ParticipantSchema) }) },
  /**
   * Moderators and organizers: records the session (every channel, every stage camera and
   * microphone, and a speaker log) until recording:stop, the session closes or the server stops.
   * Refused (INVALID_STATE) while the session is being recorded already, on any server process.
   */
  'recording:start': { request: EmptySchema, result: z.object({ recording: RecordingStatusSchema }) },
  /** Moderators and organizers: stops the recording; answered once its files are written. */
  'recording:stop': { request: EmptySchema, result: EmptySchema },
} as const;

export type RequestName = keyof typeof requests;
export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export type RequestPayload<E extends RequestName> = z.input<(typeof requests)[E]['request']>;
export type RequestResult<E extends RequestName> = z.infer<(typeof requests)[E]['result']>;
