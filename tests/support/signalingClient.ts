import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type NotificationName,
  type NotificationPayload,
  type RequestName,
  type RequestPayload,
  type RequestResult,
  type ServerToClientEvents,
} from '@multaqa/shared';

export type TypedClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client speaking the shared protocol, for tests and load generators. */
export class SignalingClient {
  readonly socket: TypedClientSocket;
  readonly received: Array<{ event: string; payload: unknown }> = [];

  private constructor(socket: TypedClientSocket) {
    this.socket = socket;
    socket.onAny((event: string, payload: unknown) => this.received.push({ event, payload }));
  }

  /** `from`: the address a proxy in front of the server would say the client has (X-Forwarded-For). */
  static async connect(url: string, { from }: { from?: string } = {}): Promise<SignalingClient> {
    const socket: TypedClientSocket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(from ? { extraHeaders: { 'x-forwarded-for': from } } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return new SignalingClient(socket);
  }

  /** Sends a request and resolves with its ack, whatever it says. */
  request<E extends RequestName>(event: E, payload: RequestPayload<E>, timeoutMs = 10_000): Promise<Ack<RequestResult<E>>> {
    const emitWithAck = this.socket.timeout(timeoutMs).emitWithAck as unknown as (
      event: E,
      payload: RequestPayload<E>,
    ) => Promise<Ack<RequestResult<E>>>;
    return emitWithAck.call(this.socket.timeout(timeoutMs), event, payload);
  }

  /** Sends a request and returns its data, throwing with the error ack if it was refused. */
  async call<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<RequestResult<E>> {
    const ack = await this.request(event, payload);
    if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code}: ${ack.error.message}`);
    return ack.data;
  }

  join(token: string) {
    return this.request('session:join', { token, protocolVersion: PROTOCOL_VERSION });
  }

  /** Resolves with the next notification of this kind (or one already received that matches). */
  next<E extends NotificationName>(
    event: E,
    match: (payload: NotificationPayload<E>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<NotificationPayload<E>> {
    const seen = this.received.find((r) => r.event === event && match(r.payload as NotificationPayload<E>));
    if (seen) return Promise.resolve(seen.payload as NotificationPayload<E>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.offAny(listener);
        reject(new Error(`no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (name: string, payload: unknown) => {
        if (name === event && match(payload as NotificationPayload<E>)) {
          clearTimeout(timer);
          this.socket.offAny(listener);
          resolve(payload as NotificationPayload<E>);
        }
      };
      this.socket.onAny(listener);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}
