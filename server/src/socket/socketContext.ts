import type { Admission } from '../app/admission.ts';
import type { AudioEncoding, TransportOptions } from '@multaqa/shared';
import type { LiveSessions } from '../app/liveSessions.ts';
import type { OpenLinks } from '../app/openLinks.ts';
import { DomainError } from '../domain/errors.ts';
import type { Outbox } from '../app/outbox.ts';
import type { Logger } from '../logger.ts';
import type { MultaqaSocket } from './types.ts';

/** What every handler group needs for one connection. */
export type SocketContext = {
  socket: MultaqaSocket;
  logger: Logger;
  sessions: LiveSessions;
  admission: Admission;
  /** The join links in use here: a connection ends when its link is withdrawn or expires. */
  links: OpenLinks;
  /** How long a connection may stay without joining a session. */
  joinDeadlineMs: number;
  outbox: Outbox;
  ice: IceFor;
  /** How browsers are to encode the floor's and the channels' voices (from the config). */
  audioEncoding: Readonly<{ floor: AudioEncoding; interpretation: AudioEncoding }>;
};

/**
 * The TURN servers and ICE policy a participant's transports get: fresh credentials, valid no
 * longer than the join link (`linkExpiresAt`, seconds) they joined with.
 */
export type IceFor = (participantId: string, linkExpiresAt: number) => Pick<TransportOptions, 'iceServers' | 'iceTransportPolicy'>;

/** The connection's session state, or NOT_JOINED for a request that needs one. */
export function joinedState(socket: MultaqaSocket): NonNullable<MultaqaSocket['data']['joined']> {
  const state = socket.data.joined;
  if (!state) throw new DomainError('NOT_JOINED', 'join the session first');
  return state;
}
