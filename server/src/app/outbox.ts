import type { NotificationName, NotificationPayload } from '@multaqa/shared';
import type { ConnectionId } from '../domain/session/roster.ts';

export type EndReason = NotificationPayload<'session:ended'>['reason'];

/** How the application layer talks to connected clients, without knowing about sockets. */
export interface Outbox {
  /** To every connection in the session, optionally but one. */
  broadcast<E extends NotificationName>(
    sessionId: string,
    event: E,
    payload: NotificationPayload<E>,
    except?: ConnectionId,
  ): void;
  /**
   * To the session's connections on this server process only: for what every process works out
   * alike for its own people (the active speaker), so nobody hears it once per process.
   */
  broadcastHere<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>): void;
  /** To one connection. */
  send<E extends NotificationName>(connection: ConnectionId, event: E, payload: NotificationPayload<E>): void;
  /** To the interpreters of one booth. */
  toBooth<E extends NotificationName>(sessionId: string, language: string, event: E, payload: NotificationPayload<E>): void;
  /** To the interpreters, moderators and organizers of a session: those who act on how the floor sounds. */
  toBoothsAndChair<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>): void;
  /** To the moderators and organizers of a session (those who start and stop its recording). */
  toChair<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>): void;
  /** Tells the connection why, then disconnects it. */
  end(connection: ConnectionId, reason: EndReason, message: string): void;
}
