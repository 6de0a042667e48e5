import type { NotificationName, NotificationPayload, RoleGrant } from '@multaqa/shared';
import type { EndReason, Outbox } from '../app/outbox.ts';
import type { ConnectionId } from '../domain/session/roster.ts';
import type { MultaqaServer } from './types.ts';

export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** The interpreters of one booth (for their chat). */
export const boothRoom = (sessionId: string, language: string) => `booth:${sessionId}:${language}`;
/** The interpreters, moderators and organizers of a session (for the floor's sound quality). */
export const boothsAndChairRoom = (sessionId: string) => `chair:${sessionId}`;
/** The moderators and organizers of a session (for the recording's faults). */
export const chairRoom = (sessionId: string) => `moderators:${sessionId}`;

/** Every room of a session a participant with this grant is in while they are in the session. */
export function roomsOf(sessionId: string, grant: RoleGrant): string[] {
  const rooms = [sessionRoom(sessionId)];
  if (grant.role === 'interpreter') rooms.push(boothRoom(sessionId, grant.language));
  if (grant.role === 'interpreter' || grant.role === 'moderator' || grant.role === 'organizer') rooms.push(boothsAndChairRoom(sessionId));
  if (grant.role === 'moderator' || grant.role === 'organizer') rooms.push(chairRoom(sessionId));
  return rooms;
}

/**
 * The Outbox over Socket.IO rooms (one room per session; every socket is in its own id's room).
 * `close()` silences it for shutdown: what the last departures would announce has nobody left to
 * hear it, and the Redis adapter's connection is going away.
 */
export function socketOutbox(io: MultaqaServer): Outbox & { close(): void } {
  let closed = false;
  return {
    close() {
      closed = true;
    },
    broadcast<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>, except?: ConnectionId) {
      if (closed) return;
      const room = io.to(sessionRoom(sessionId));
      const target = except ? room.except(except) : room;
      (target.emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    broadcastHere<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>) {
      if (closed) return;
      (io.local.to(sessionRoom(sessionId)).emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    send<E extends NotificationName>(connection: ConnectionId, event: E, payload: NotificationPayload<E>) {
      if (closed) return;
      (io.to(connection).emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    toBooth<E extends NotificationName>(sessionId: string, language: string, event: E, payload: NotificationPayload<E>) {
      if (closed) return;
      (io.to(boothRoom(sessionId, language)).emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    toBoothsAndChair<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>) {
      if (closed) return;
      (io.to(boothsAndChairRoom(sessionId)).emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    toChair<E extends NotificationName>(sessionId: string, event: E, payload: NotificationPayload<E>) {
      if (closed) return;
      (io.to(chairRoom(sessionId)).emit as (event: E, payload: NotificationPayload<E>) => boolean)(event, payload);
    },
    end(connection: ConnectionId, reason: EndReason, message: string) {
      if (closed) return;
      io.to(connection).emit('session:ended', { reason, message });
      io.in(connection).disconnectSockets(true);
    },
  };
}
