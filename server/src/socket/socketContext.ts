import type { LiveSessions } from '../app/liveSessions.ts';
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
