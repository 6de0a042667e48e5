import type { NotificationName, NotificationPayload } from '@multaqa/shared';
import type { EndReason, Outbox } from '../app/outbox.ts';
import type { ConnectionId } from '../domain/session/roster.ts';
import type { MultaqaServer } from './types.ts';

export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** The interpreters of one booth (for their chat). */
export const boothRoom = (sessionId: string, language: string) => `booth:${sessionId}:${language}`;

/** The Outbox over Socket.IO rooms (one room per session; every socket is in its own id's room). */
export function socketOutbox(io: MultaqaServer): Outbox {
  return {
    broadcast<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>, except?: ConnectionId) {
      const room = io.to(sessionRoom(sessionId));
      const target = except ? room.except(except) : room;
      (target.emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    send<E extends NotificationName>(connection: ConnectionId, event: E, payload: NotificationPayload<E>) {
      (io.to(connection).emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    toBooth<E extends NotificationName>(sessionId: string, language: string, event: E, payload: NotificationPayload<E>) {
      (io.to(boothRoom(sessionId, language)).emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    end(connection: ConnectionId, reason: EndReason, message: string) {
      io.to(connection).emit('session:ended', { reason, message });
      io.in(connection).disconnectSockets(true);
    },
  };
}
