import { io, type Socket } from 'socket.io-client';
import {
  notifications,
  type Ack,
  type ClientToServerEvents,
  type NotificationName,
  type NotificationPayload,
  type RequestMeta,
  type RequestName,
  type RequestPayload,
  type RequestResult,
  type ServerToClientEvents,
} from '@multaqa/shared';
import { testSwitches } from '../diagnostics.ts';

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a page sends while it is not (back) in the session: joining and leaving, setting up its media and language, reading the queue. */
const BEFORE_JOINED = /^(session|media):|^interpretation:selectLanguage$|^queue:get$/;

/** The browser's end of the shared protocol: typed requests, and notifications checked on arrival. */
export class SignalingClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #inSession = false;
  /** The server's clock minus this device's (known once joined): each request says when it stops waiting. */
  #serverClockOffset: number | undefined;

  constructor(url = window.location.origin) {
    // A restarted server answers within seconds: the page tries again every 0.5–2 s (spread out
    // at random, so thousands of pages do not all come at once), not every 5 s.
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: testSwitches().reconnection ?? true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 2_000,
      randomizationFactor: 0.5,
    });
  }

  /**
   * Sends a request and waits for its answer. The server answers each request within a few
   * seconds (one it could not start within 5 s is refused, nothing done), so after 12 s the
   * request or its answer was lost on the way: an error here means it was not carried out.
   */
  async request<E extends RequestName>(event: E, payload: RequestPayload<E>, timeoutMs = 12_000): Promise<RequestResult<E>> {
    // A click while the page reconnects would reach the server before the join and be refused
    // as "join the session first": it is refused here, in words that fit, and nothing is sent.
    if (!this.#inSession && !BEFORE_JOINED.test(event)) {
      throw new RequestError('UNAVAILABLE', 'you are reconnecting to the session; try again in a moment');
    }
    const timed = this.socket.timeout(timeoutMs);
    // The protocol's optional form, with the request's meta (see RequestMetaSchema).
    const emitWithAck = timed.emitWithAck as unknown as (event: E, payload: RequestPayload<E>, ...meta: [RequestMeta] | []) => Promise<Ack<RequestResult<E>>>;
    const meta: [RequestMeta] | [] = this.#serverClockOffset === undefined ? [] : [{ answerBy: Math.round(Date.now() + this.#serverClockOffset + timeoutMs) }];
    let ack: Ack<RequestResult<E>>;
    try {
      ack = await emitWithAck.call(timed, event, payload, ...meta);
    } catch {
      throw new RequestError('TIMEOUT', 'the server did not answer in time');
    }
    if (!ack.ok) throw new RequestError(ack.error.code, ack.error.message);
    return ack.data;
  }

  /** The server's clock minus this device's, in ms (measured as the page joins). */
  setServerClockOffset(offset: number): void {
    this.#serverClockOffset = offset;
  }

  /** Whether the page is in the session now (joined, media ready), or joining or reconnecting. */
  setInSession(inSession: boolean): void {
    this.#inSession = inSession;
  }

  /** Subscribes to a notification; payloads that do not match the protocol are dropped. */
  on<E extends NotificationName>(event: E, listener: (payload: NotificationPayload<E>) => void): () => void {
    const schema = notifications[event];
    const wrapped = (payload: unknown) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) listener(parsed.data as NotificationPayload<E>);
      else console.warn(`dropped malformed ${event}`, parsed.error.issues);
    };
    // Registered untyped: the payload is unknown until the schema has checked it.
    const socket = this.socket as unknown as { on(e: string, l: (p: unknown) => void): void; off(e: string, l: (p: unknown) => void): void };
    socket.on(event, wrapped);
    return () => socket.off(event, wrapped);
  }

  close(): void {
    this.socket.disconnect();
  }
}
