import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { LiveSessions } from './app/liveSessions.ts';
import type { Config } from './config.ts';
import { createHttpApp } from './http/httpApp.ts';
import { createLogger, type Logger } from './logger.ts';
import { ProcessPipes } from './media/processPipes.ts';
import { SessionMedia } from './media/sessionMedia.ts';
import { WorkerPool } from './media/workerPool.ts';
import { socketOutbox } from './socket/outbox.ts';
import { acceptConnections, createSocketServer } from './socket/socketServer.ts';
import { BOOTH_CHANNEL, BoothChangedMessageSchema, BoothStore } from './store/boothStore.ts';
import { onChannel, subscribeToChanges } from './store/changeEvents.ts';
import { MODERATION_CHANNEL, ModerationMessageSchema, ModerationStore } from './store/moderationEvents.ts';
import { QUEUE_CHANNEL, QueueChangedMessageSchema, QueueStore } from './store/queueStore.ts';
import { ConferenceStore } from './store/conferenceStore.ts';
import { BoothPresenceStore } from './store/boothPresence.ts';
import { COUNTS_CHANNEL, CountsChangedMessageSchema, ProcessCounters } from './store/processCounters.ts';
import { PeopleDirectory } from './store/peopleDirectory.ts';
import { ProcessLiveness } from './store/processLiveness.ts';
import { PRODUCER_CHANNEL, ProducerChangedMessageSchema, ProducerDirectory } from './store/producerDirectory.ts';
import { demoConference } from './store/demoConference.ts';

export type RunningServer = {
  /** Base URL with the port actually bound (useful with PORT=0). */
  url: string;
  port: number;
  workers: WorkerPool;
  /** The sessions live on this process (read their media load; for tests and metrics). */
  sessions: LiveSessions;
  /** Pipes to and from other server processes (for tests and metrics). */
  pipes: ProcessPipes;
  store: ConferenceStore;
  logger: Logger;
  close: () => Promise<void>;
};

/** Composition root: wires Redis, the worker pool, Socket.IO and Express, and seeds the demo. */
export async function startServer(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();
  const store = new ConferenceStore(redis);
  if (await store.seed(demoConference())) logger.info('seeded the demo conference');

  const workers = await WorkerPool.start({ size: config.mediasoupWorkers, rtc: config.rtc, logger });
  /** Consumers this process takes before it counts as full. */
  const capacity = workers.size * config.routerConsumerBudget;
  const liveness = new ProcessLiveness(redis, config.processGraceMs, logger);
  await liveness.start();
  const pipes = await ProcessPipes.open({ redis, processId: liveness.id, rtc: config.rtc, sessionOf: (id) => sessions.mediaOf(id), logger });
  const openMedia = (sessionId: string) =>
    SessionMedia.open({ sessionId, pool: workers, consumerBudget: config.routerConsumerBudget, pipes, logger });

  const httpServer: HttpServer = createServer();
  const app = createHttpApp({
    clientDist: config.http.clientDist,
    logger,
    health: async () => ({ redis: await redis.ping(), workers: workers.pids.length, process: liveness.id, pipes: await pipes.counts() }),
    processes: () => liveness.registry(),
    readiness: async () => {
      const { consumers } = await sessions.load();
      if (consumers < capacity) return { ready: true, consumers, capacity };
      const elsewhere = (await liveness.registry())
        .filter((entry) => entry.id !== liveness.id && entry.url && (entry.consumers ?? 0) < (entry.capacity ?? 0))
        .sort((a, b) => (a.consumers ?? 0) / (a.capacity || 1) - (b.consumers ?? 0) / (b.capacity || 1))
        .map((entry) => entry.url!);
      return { ready: false, consumers, capacity, elsewhere };
    },
  });
  httpServer.on('request', app);

  const sockets = createSocketServer({ httpServer, redis, logger });
  const outbox = socketOutbox(sockets.io);
  const stores = {
    booths: new BoothStore(redis),
    presence: new BoothPresenceStore(redis, liveness),
    listeners: new ProcessCounters(redis, liveness, 'listener'),
    participants: new ProcessCounters(redis, liveness, 'participant'),
    queues: new QueueStore(redis),
    moderation: new ModerationStore(redis),
    producers: new ProducerDirectory(redis, liveness),
    people: new PeopleDirectory(redis, liveness),
  };
  const sessions: LiveSessions = new LiveSessions(store, openMedia, { outbox, stores, processId: liveness.id, logger });
  const unsubscribeChanges = await subscribeToChanges(redis, logger, [
    onChannel(BOOTH_CHANNEL, BoothChangedMessageSchema, (message) => sessions.boothChanged(message)),
    onChannel(QUEUE_CHANNEL, QueueChangedMessageSchema, (message) => sessions.queueChanged(message)),
    onChannel(MODERATION_CHANNEL, ModerationMessageSchema, (message) => sessions.moderation(message)),
    onChannel(PRODUCER_CHANNEL, ProducerChangedMessageSchema, (message) => sessions.producerChanged(message)),
    onChannel(COUNTS_CHANNEL, CountsChangedMessageSchema, (message) => sessions.countsChanged(message)),
  ]);
  acceptConnections(sockets.io, { sessions, outbox, logger, tokenSecret: config.tokenSecret });
  const sweepDeparted = async () => {
    await sessions.sweepDeparted();
    const peers = await pipes.peers();
    const alive = await liveness.alive(peers);
    for (const peer of peers) if (!alive.has(peer)) pipes.dropProcess(peer);
  };
  const sweep = setInterval(() => {
    sweepDeparted().catch((error: unknown) => logger.warn({ err: error }, 'could not sweep departed processes'));
  }, config.processGraceMs / 3);
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.http.port, config.http.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, workers: workers.size }, 'multaqa is listening');
  liveness.describeWith(async () => ({
    url,
    announcedIp: config.rtc.announcedAddress ?? config.rtc.listenIp,
    workers: workers.size,
    capacity,
    ...(await sessions.load()),
  }));

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(sweep);
      liveness.stop();
      await sessions.closeAll('the server is shutting down');
      outbox.close();
      await pipes.close();
      await unsubscribeChanges();
      await sockets.close();
      workers.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await redis.quit().catch(() => redis.disconnect());
    })());
  return { url, port, workers, sessions, pipes, store, logger, close };
}
