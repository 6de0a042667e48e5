import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { z } from 'zod';
import { RequestMetaSchema, requests, type Ack, type ErrorBody, type RequestName, type RequestResult } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { isStoreUnavailable, unavailable } from '../store/redisHealth.ts';
import { laneOf, RequestLanes } from './requestLanes.ts';
import type { MultaqaSocket } from './types.ts';

export type Handler<E extends RequestName> = (
  payload: z.infer<(typeof requests)[E]['request']>,
) => Promise<RequestResult<E>> | RequestResult<E>;

type AckFn = (response: Ack<unknown>) => void;

/** Each connection's lanes of requests in line (see RequestLanes). */
const lanesOf = new WeakMap<object, RequestLanes>();
/**
 * How long a request that needs Redis may keep its connection's lane once Redis stopped
 * answering: it is answered UNAVAILABLE, and the connection's next request goes ahead.
 */
const SHARED_DEADLINE_MS = 2_000;
/**
 * A request that waited this long for its turn is not carried out but answered UNAVAILABLE:
 * a client gives up on a request after 12 s, and what it was told failed must not happen later
 * (a request that starts is answered within a few seconds: Redis has a 2 s deadline per command).
 */
const STALE_AFTER_MS = 5_000;
/**
 * A request whose client stops waiting (its `answerBy`) sooner than this is not started: a request
 * that starts is answered within a few seconds, and must be answered while someone still listens.
 */
const TIME_TO_ANSWER_MS = 4_000;

type Registered = { event: RequestName; handler: Handler<RequestName> };
type Guard = { budget: RateLimiterMemory; storeReady: () => boolean };
type Table = { logger: Logger; byEvent: Map<string, Registered>; guard?: Guard };

/**
 * What a connection may still do while Redis is out of reach: everything about the media it
 * already has (a listener switching language or hiding a tile, a transport reconnecting) and
 * reading what it already knows. Everything else changes state the processes share.
 */
const WITHOUT_STORE: ReadonlySet<RequestName> = new Set<RequestName>([
  'media:getRouterRtpCapabilities',
  'media:createTransport',
  'media:connectTransport',
  'media:consume',
  'media:resumeConsumer',
  'media:pauseConsumer',
  'media:closeConsumer',
  'media:setVideoLayer',
  'media:restartIce',
  'media:reportInput',
  // One's own camera and microphone on or off: the worker's, told to others when Redis can be.
  'media:pauseProducer',
  'media:resumeProducer',
  'media:closeProducer',
  'interpretation:selectLanguage',
  'queue:get',
  // A cough must silence the interpreter whatever Redis does (the booth hears of it later).
  'booth:setMuted',
]);
/** Each connection's handlers, reached through one listener (not one per request kind: thousands of connections). */
const tables = new WeakMap<object, Table>();

/**
 * Every request of this connection takes a point from `budget` (keyed by the connection): a
 * client that sends more than people's clients do is answered RATE_LIMITED, without running.
 * While `storeReady()` is false, requests that change shared state are answered UNAVAILABLE.
 */
export function guardRequests(socket: MultaqaSocket, guard: Guard): void {
  tableOf(socket).guard = guard;
}

function tableOf(socket: MultaqaSocket, logger?: Logger): Table {
  let table = tables.get(socket);
  if (!table) {
    const created: Table = { logger: logger!, byEvent: new Map() };
    tables.set(socket, created);
    // Untyped on purpose: at run time a client can send anything, in any arity.
    (socket as unknown as { onAny(listener: (event: unknown, ...args: unknown[]) => void): void }).onAny((name, ...args) => {
      const registered = typeof name === 'string' ? created.byEvent.get(name) : undefined;
      if (registered) receive(socket, registered, created, args);
    });
    table = created;
  }
  if (logger) table.logger = logger;
  return table;
}

/**
 * Registers the one handler of a request. Whatever arrives, the handler runs only on a payload
 * that passed the request's schema, and the caller gets exactly one ack: `{ ok: true, data }`
 * or `{ ok: false, error }`. Nothing a client sends can throw out of here. A connection's
 * requests of one kind are handled one at a time, in order (RequestLanes).
 */
export function handle<E extends RequestName>(socket: MultaqaSocket, event: E, logger: Logger, handler: Handler<E>): void {
  tableOf(socket, logger).byEvent.set(event, { event, handler: handler as unknown as Handler<RequestName> });
}

function receive(socket: MultaqaSocket, registered: Registered, table: Table, args: unknown[]): void {
  const last = args.at(-1);
  const ack: AckFn | undefined = typeof last === 'function' ? (last as AckFn) : undefined;
  if (!ack) return; // Every request needs an ack; without one there is nobody to answer.
  const payload = args.length > 1 ? args[0] : undefined;
  // The optional form (payload, meta, ack): a meta that is there must be right.
  const meta = args.length === 3 ? RequestMetaSchema.safeParse(args[1]) : undefined;
  if (meta && !meta.success) {
    const invalid = validationError(meta.error);
    ack({ ok: false, error: { ...invalid, message: `request meta: ${invalid.message}` } });
    return;
  }
  const answerBy = meta?.data.answerBy;
  const { guard } = table;
  const arrivedAt = Date.now();
  // Counted as it arrives, answered in its turn.
  const allowed = guard ? guard.budget.consume(socket.id).then(() => true, () => false) : Promise.resolve(true);
  const needsStore = !WITHOUT_STORE.has(registered.event);
  let lanes = lanesOf.get(socket);
  if (!lanes) lanesOf.set(socket, (lanes = new RequestLanes()));
  lanes.enqueue(laneOf(registered.event), async () => {
    if (!(await allowed)) {
      ack({ ok: false, error: { code: 'RATE_LIMITED', message: 'this connection sends too many requests; slow down' } });
      return;
    }
    if (Date.now() - arrivedAt > STALE_AFTER_MS) {
      table.logger.warn({ event: registered.event, waitedMs: Date.now() - arrivedAt }, 'a request waited too long for its turn; not carried out');
      ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'the server was too busy to do this in time; nothing was changed, try again' } });
      return;
    }
    if (answerBy !== undefined && Date.now() > answerBy - TIME_TO_ANSWER_MS) {
      table.logger.warn({ event: registered.event, lateByMs: Date.now() - (answerBy - TIME_TO_ANSWER_MS) }, 'a request came too late to be answered in time; not carried out');
      ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'this came too late to be done in time; nothing was changed, try again' } });
      return;
    }
    if (guard && needsStore && !guard.storeReady()) {
      ack({ ok: false, error: toErrorBody(unavailable(), registered.event, table.logger) });
      return;
    }
    const once = answerOnce(ack);
    const ran = run(registered, table.logger, payload, once);
    if (!needsStore || !guard) return ran;
    return Promise.race([ran, unansweredStore(guard, once, registered.event, table.logger)]);
  });
}

/** The ack, which only its first call reaches (a request given up on may still finish later). */
function answerOnce(ack: AckFn): AckFn & { answered: () => boolean } {
  let answered = false;
  return Object.assign(
    (response: Ack<unknown>) => {
      if (answered) return;
      answered = true;
      ack(response);
    },
    { answered: () => answered },
  );
}

/**
 * Resolves once a shared request has waited SHARED_DEADLINE_MS while Redis does not answer (the
 * watchdog says so within a second), having answered it UNAVAILABLE; never resolves while Redis
 * answers (a recording start may rightly take longer).
 */
function unansweredStore(guard: Guard, ack: ReturnType<typeof answerOnce>, event: RequestName, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (ack.answered()) return resolve();
      if (!guard.storeReady()) {
        ack({ ok: false, error: toErrorBody(unavailable(), event, logger) });
        return resolve();
      }
      setTimeout(check, 250).unref();
    };
    setTimeout(check, SHARED_DEADLINE_MS).unref();
  });
}

async function run({ event, handler }: Registered, logger: Logger, payload: unknown, ack: AckFn): Promise<void> {
  try {
    const parsed = requests[event].request.safeParse(payload);
    if (!parsed.success) {
      ack({ ok: false, error: validationError(parsed.error) });
      return;
    }
    const data = await handler(parsed.data as never);
    ack({ ok: true, data });
  } catch (error) {
    ack({ ok: false, error: toErrorBody(error, event, logger) });
  }
}

function validationError(error: z.ZodError): ErrorBody {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return { code: 'VALIDATION_FAILED', message: `${where}${first?.message ?? 'invalid payload'}`.slice(0, 300) };
}

function toErrorBody(error: unknown, event: string, logger: Logger): ErrorBody {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (isStoreUnavailable(error)) {
    logger.warn({ err: error, event }, 'refused a request: Redis is out of reach');
    return toErrorBody(unavailable(), event, logger);
  }
  logger.error({ err: error, event }, 'request failed');
  return { code: 'INTERNAL', message: 'the server could not complete this request' };
}
