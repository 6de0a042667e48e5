import { z } from 'zod';
import { ackSchema } from '../errors.ts';
import { DisplayNameSchema, LanguageCodeSchema, ParticipantIdSchema } from '../ids.ts';
import { SessionInfoSchema } from '../model/conference.ts';
import { FloorHolderSchema } from '../model/queue.ts';
import { ListenerCountsSchema } from './requests.ts';

// The operator view: an organizer's live overview of one session across every server process,
// read over HTTP (`GET OPERATOR_OVERVIEW_PATH` with `Authorization: Bearer <organizer join token>`).

/** Where the operator page reads the overview of the session its join token names. */
export const OPERATOR_OVERVIEW_PATH = '/api/operator/overview';

const CountSchema = z.number().int().nonnegative();
/** Share of one CPU core over the last measuring window (1 = a whole core; a process can use more). */
const CpuShareSchema = z.number().nonnegative();

/** One mediasoup worker as its server process measures it. */
export const WorkerLoadSchema = z.object({
  /** Its slot in the process's pool (stays the same when a dead worker is replaced). */
  index: CountSchema,
  /** 0 while the slot's worker is being replaced. */
  pid: CountSchema,
  alive: z.boolean(),
  routers: CountSchema,
  transports: CountSchema,
  producers: CountSchema,
  consumers: CountSchema,
  cpu: CpuShareSchema,
  maxRssBytes: CountSchema,
});
export type WorkerLoad = z.infer<typeof WorkerLoadSchema>;

/** A server process's own load: the Node process and its media workers. */
export const ProcessLoadSchema = z.object({
  cpu: CpuShareSchema,
  rssBytes: CountSchema,
  heapUsedBytes: CountSchema,
  /** The 99th percentile of the event loop's delay over the last measuring window, in ms. */
  eventLoopLagMs: z.number().nonnegative(),
  /** Socket.IO connections open on the process. */
  sockets: CountSchema,
  /** Sessions open on the process, the people in them, and their consumers (all sessions). */
  sessions: CountSchema,
  peers: CountSchema,
  consumers: CountSchema,
  /** Consumers the process takes before it counts as full (workers × ROUTER_CONSUMER_BUDGET). */
  capacity: CountSchema,
  workers: z.array(WorkerLoadSchema),
});
export type ProcessLoad = z.infer<typeof ProcessLoadSchema>;

/** dBov, as mediasoup's audio level observer reports it: −127 (silence) to 0 (the loudest). */
export const AudioLevelSchema = z.number().min(-127).max(0);

export const OperatorInterpreterSchema = z.object({
  id: ParticipantIdSchema,
  name: DisplayNameSchema,
  onAir: z.boolean(),
  /** On air and holding cough: listeners hear nothing. */
  coughing: z.boolean(),
  /** Their voice is published to a server (they are connected with a microphone). */
  publishing: z.boolean(),
  /** Their voice reaches the channel's listeners now (on air, not coughing, and published). */
  flowing: z.boolean(),
  /** How loud their voice arrives at the server now; null: nothing arrives (not flowing, or no packets). */
  level: AudioLevelSchema.nullable(),
});
export type OperatorInterpreter = z.infer<typeof OperatorInterpreterSchema>;

export const OperatorBoothSchema = z.object({
  language: LanguageCodeSchema,
  /** Listeners of the channel hear an interpreter now (someone on air, not coughing). */
  live: z.boolean(),
  handoverOfferedBy: ParticipantIdSchema.nullable(),
  interpreters: z.array(OperatorInterpreterSchema),
});
export type OperatorBooth = z.infer<typeof OperatorBoothSchema>;

/** One server process: its share of the session and its whole load. */
export const OperatorProcessSchema = z.object({
  id: z.string().min(1),
  url: z.string().optional(),
  /** The process that answered this overview. */
  self: z.boolean(),
  /** It answered the overview's question now; false: counted out, its load is from its last heartbeat. */
  answered: z.boolean(),
  /** People of this session connected to it, and what its listeners of the session hear. */
  participants: CountSchema,
  listeners: ListenerCountsSchema,
  load: ProcessLoadSchema.optional(),
});
export type OperatorProcess = z.infer<typeof OperatorProcessSchema>;

export const OperatorOverviewSchema = z.object({
  session: SessionInfoSchema,
  /** When the overview was put together (server clock, ms since epoch). */
  at: z.number().int().nonnegative(),
  /** Everyone in the session, on the processes that answered. */
  participants: CountSchema,
  listeners: ListenerCountsSchema,
  /** Every channel, in the session's language order. */
  booths: z.array(OperatorBoothSchema),
  queue: z.object({ length: CountSchema, current: FloorHolderSchema.nullable() }),
  processes: z.array(OperatorProcessSchema),
});
export type OperatorOverview = z.infer<typeof OperatorOverviewSchema>;

/** The overview endpoint's body: the overview, or `{ ok: false, error }` (401 bad link, 403 not an organizer). */
export const OperatorOverviewResponseSchema = ackSchema(OperatorOverviewSchema);
