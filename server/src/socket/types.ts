import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Participant, ServerToClientEvents } from '@multaqa/shared';
import type { LiveSession } from '../app/liveSession.ts';
import type { LinkInUse } from '../app/openLinks.ts';

/** What the server remembers on each socket once it joined. */
export type SocketData = {
  /** `rooms`: the Socket.IO rooms of the session it joined (all left when it leaves). */
  joined?: { participant: Participant; session: LiveSession; link: LinkInUse; rooms: readonly string[] };
  /** Where the connection comes from (the client's address, through trusted proxies). */
  address?: string;
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type InterServerEvents = {};

export type MultaqaServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type MultaqaSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
