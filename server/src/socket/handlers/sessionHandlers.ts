import type { LinkEnding } from '../../app/openLinks.ts';
import { DomainError } from '../../domain/errors.ts';
import { handle } from '../handle.ts';
import { boothRoom, boothsAndChairRoom, chairRoom, sessionRoom } from '../outbox.ts';
import type { SocketContext } from '../socketContext.ts';

/** `session:join`, `session:leave`, and leaving on disconnect. */
/** What a person whose link stopped holding is told (the page explains the reason). */
const LINK_ENDINGS: Record<LinkEnding, string> = {
  WITHDRAWN: 'the organizers withdrew your join link; ask them for a new one',
  EXPIRED: 'your join link has expired; ask the organizers for a new one',
};

export function registerSessionHandlers({ socket, logger, sessions, admission, links, outbox, joinDeadlineMs }: SocketContext): void {
  // A connection that never joins holds a socket for nothing (or for someone probing): closed.
  let deadline: NodeJS.Timeout | undefined;
  const armJoinDeadline = () => {
    clearTimeout(deadline);
    deadline = setTimeout(() => {
      if (!socket.data.joined) socket.disconnect(true);
    }, joinDeadlineMs);
    deadline.unref();
  };
  armJoinDeadline();

  handle(socket, 'session:join', logger, async ({ token }) => {
    if (socket.data.joined) throw new DomainError('ALREADY_JOINED', 'this connection already joined a session');
    sessions.assertAdmitting();
    const claims = await admission.admit(token, socket.data.address ?? socket.handshake.address);
    const { session, release } = await sessions.openForJoin(claims.sessionId);
    let result;
    try {
      if (socket.disconnected) throw new DomainError('INVALID_STATE', 'the connection closed while joining');
      if (socket.data.joined) throw new DomainError('ALREADY_JOINED', 'this connection already joined a session');
      const participant = { id: claims.participantId, name: claims.name, grant: claims.grant };
      // In the room before the snapshot is taken: whatever happens after it reaches this socket
      // as a notification (the client holds those back until its media is ready).
      const rooms = [sessionRoom(session.info.id)];
      if (participant.grant.role === 'interpreter') rooms.push(boothRoom(session.info.id, participant.grant.language));
      if (['interpreter', 'moderator', 'organizer'].includes(participant.grant.role)) rooms.push(boothsAndChairRoom(session.info.id));
      if (['moderator', 'organizer'].includes(participant.grant.role)) rooms.push(chairRoom(session.info.id));
      await socket.join(rooms);
      try {
        result = await session.join(participant, socket.id);
      } catch (error) {
        for (const room of rooms) await socket.leave(room);
        throw error;
      }
      const link = { tokenId: claims.tokenId, sessionId: claims.sessionId, participantId: claims.participantId, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt };
      socket.data.joined = { participant, session, link };
    } finally {
      release();
      // A join that failed may have been the only reason the session stayed open.
      if (!socket.data.joined) void sessions.closeIfEmpty(session);
    }
    const { participant } = socket.data.joined;
    // The connection went while the join was on its way: its disconnect found nothing to leave.
    if (socket.disconnected) {
      await leave();
      throw new DomainError('INVALID_STATE', 'the connection closed while joining');
    }
    clearTimeout(deadline);
    links.watch(socket.id, socket.data.joined.link, (reason) => {
      endForLink(reason).catch((error: unknown) => logger.warn({ err: error, reason }, 'could not end a connection whose link no longer holds'));
    });
    logger.info({ session: session.info.id, participant: participant.id, role: participant.grant.role }, 'joined');
    return result;
  });

  handle(socket, 'session:leave', logger, async () => {
    // Pressing Leave takes the person's hand down (and the floor); a dropped connection keeps them.
    await socket.data.joined?.session.leaveOnPurpose(socket.id);
    if (!(await leave())) throw new DomainError('NOT_JOINED', 'not in a session');
    armJoinDeadline();
    return {};
  });

  socket.on('disconnect', () => {
    clearTimeout(deadline);
    void leave({ dropped: true }).catch((error: unknown) => logger.error({ err: error }, 'leaving on disconnect failed'));
  });

  /**
   * The link this connection joined with was withdrawn or expired: the person leaves (a withdrawn
   * one as if they pressed Leave: their hand and the floor go too), told why, and is disconnected.
   */
  async function endForLink(reason: LinkEnding): Promise<void> {
    try {
      if (reason === 'WITHDRAWN') {
        await socket.data.joined?.session.leaveOnPurpose(socket.id).catch((error: unknown) => logger.warn({ err: error }, 'could not take a withdrawn link\'s hand down'));
      }
      await leave();
    } finally {
      // Whatever else failed, the link no longer lets them in.
      outbox.end(socket.id, reason, LINK_ENDINGS[reason]);
    }
  }

  /** Returns false when the connection was not in a session. */
  async function leave({ dropped = false } = {}): Promise<boolean> {
    const joined = socket.data.joined;
    if (!joined) return false;
    socket.data.joined = undefined;
    links.forget(socket.id);
    await socket.leave(sessionRoom(joined.session.info.id));
    await socket.leave(chairRoom(joined.session.info.id));
    if (await joined.session.leave(socket.id, { dropped })) {
      logger.info({ session: joined.session.info.id, participant: joined.participant.id }, 'left');
    }
    await sessions.closeIfEmpty(joined.session);
    return true;
  }
}
