import type { LiveSessions } from '../app/liveSessions.ts';
import { DomainError } from '../domain/errors.ts';
import type { Outbox } from '../app/outbox.ts';
import type { Logger } from '../logger.ts';
import type { MultaqaSocket } from './types.ts';

/** What every handler group needs for one connection. */
export type SocketContext = {
  socket: MultaqaSocket;
  logger: Logger;
  sessions: LiveSessions;
  tokenSecret: string;
  outbox: Outbox;
};

/** The connection's session state, or NOT_JOINED for a request that needs one. */
export function joinedState(socket: MultaqaSocket): NonNullable<MultaqaSocket['data']['joined']> {
  const state = socket.data.joined;
  if (!state) throw new DomainError('NOT_JOINED', 'join the session first');
  return state;
}
