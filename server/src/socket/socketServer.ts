import type { Server as HttpServer } from 'node:http';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { subscriberOf } from '../store/redisHealth.ts';
import { Server } from 'socket.io';
import type { Admission } from '../app/admission.ts';
import type { LiveSessions } from '../app/liveSessions.ts';
import type { Logger } from '../logger.ts';
import type { Outbox } from '../app/outbox.ts';
import type { OpenLinks } from '../app/openLinks.ts';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { guardRequests } from './handle.ts';
import { localFirst } from './localFirstAdapter.ts';
import { registerInterpretationHandlers } from './handlers/interpretationHandlers.ts';
import { registerMediaHandlers } from './handlers/mediaHandlers.ts';
import { registerModerationHandlers } from './handlers/moderationHandlers.ts';
import { registerRecordingHandlers } from './handlers/recordingHandlers.ts';
import { registerSessionHandlers } from './handlers/sessionHandlers.ts';
import type { IceFor, SocketContext } from './socketContext.ts';
import type { MultaqaServer } from './types.ts';

/** How often the server pings each connection, and how long it waits for the answer. */
const HEARTBEAT_MS = 5_000;

export type SocketServerOptions = {
  httpServer: HttpServer;
  redis: Redis;
  logger: Logger;
};

/**
 * Socket.IO with Redis's sharded pub/sub adapter, so broadcasts reach sockets on every server
 * process — but only the processes that have people in the session: each session room has its
 * own channel, subscribed by a process while it has sockets in that room. (The classic adapter
 * sends every broadcast of every session to every process, which grows with processes × sessions;
 * Redis streams would add persistence the live signalling does not want: a broadcast missed by a
 * reconnecting client is replaced by the state it gets on re-joining.) Needs Redis 7.
 */
export function createSocketServer({ httpServer, redis, logger }: SocketServerOptions): {
  io: MultaqaServer;
  close: () => Promise<void>;
} {
  const pub = redis.duplicate();
  const sub = subscriberOf(redis);
  const io: MultaqaServer = new Server(httpServer, {
    adapter: localFirst(createShardedAdapter(pub, sub, { channelPrefix: 'multaqa:socket.io', subscriptionMode: 'dynamic' }), logger),
    // Signalling payloads are small; SDP-sized RTP parameters fit easily.
    maxHttpBufferSize: 256 * 1024,
    serveClient: false,
    // A connection that stops carrying anything without being reset (a dead router, a lost NAT
    // mapping) is only seen gone through its heartbeat: a ping every 5 s, answered within 5 s,
    // so both ends notice within 10 s, well inside the grace a dropped interpreter's booth place
    // is kept (PROCESS_GRACE_SECONDS). Socket.IO's default (25 s + 20 s) outlasted it: listeners
    // heard a silent channel "on air" for up to 45 s. The page's heartbeat follows the server's.
    pingInterval: HEARTBEAT_MS,
    pingTimeout: HEARTBEAT_MS,
  });
  io.engine.on('connection_error', (error: { code: number; message: string }) => {
    logger.debug({ code: error.code, reason: error.message }, 'socket connection error');
  });
  return {
    io,
    close: async () => {
      await io.close();
      // quit() lets the adapter's last (un)subscribe finish; disconnect() would reject it unhandled.
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/** Wires every handler group onto each new connection. */
export function acceptConnections(
  io: MultaqaServer,
  {
    sessions,
    outbox,
    logger,
    admission,
    links,
    joinDeadlineMs,
    requestsPer10s,
    storeReady,
    ice,
    audioEncoding,
  }: {
    sessions: LiveSessions;
    outbox: Outbox;
    logger: Logger;
    admission: Admission;
    links: OpenLinks;
    joinDeadlineMs: number;
    requestsPer10s: number;
    /** Whether Redis answers now (if not, requests that change shared state are refused). */
    storeReady: () => boolean;
    ice: IceFor;
    audioEncoding: SocketContext['audioEncoding'];
  },
): void {
  const requestBudget = new RateLimiterMemory({ points: requestsPer10s, duration: 10 });
  io.on('connection', (socket) => {
    guardRequests(socket, { budget: requestBudget, storeReady });
    const context = { socket, logger: logger.child({ socket: socket.id }), sessions, outbox, admission, links, joinDeadlineMs, ice, audioEncoding };
    registerSessionHandlers(context);
    registerMediaHandlers(context);
    registerInterpretationHandlers(context);
    registerModerationHandlers(context);
    registerRecordingHandlers(context);
  });
}
