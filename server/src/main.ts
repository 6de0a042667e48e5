import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { Admission } from './app/admission.ts';
import { LiveSessions } from './app/liveSessions.ts';
import { iceServersFor } from './auth/turnCredentials.ts';
import type { Config } from './config.ts';
import { createHttpApp } from './http/httpApp.ts';
import { createLogger, type Logger } from './logger.ts';
import { startObservability } from './observability.ts';
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
import { PROCESS_DIED_CHANNEL, ProcessDiedMessageSchema, ProcessLiveness } from './store/processLiveness.ts';
import { PRODUCER_CHANNEL, ProducerChangedMessageSchema, ProducerDirectory } from './store/producerDirectory.ts';
import { demoConference } from './store/demoConference.ts';
import { TokenRevocations, WITHDRAWAL_CHANNEL, WithdrawalSchema } from './store/tokenRevocations.ts';
import { OpenLinks } from './app/openLinks.ts';
import { REDIS_COMMAND_TIMEOUT_MS, RedisHealth, redisRetry, waitForRedis } from './store/redisHealth.ts';
import { RateLimits } from './store/rateLimits.ts';
import { gateConnections } from './socket/connectionGate.ts';
import { recordingRoutes } from './http/recordingRoutes.ts';
import { joinLinkRoutes } from './http/joinLinkRoutes.ts';
import { RecordingArchive } from './store/recordingArchive.ts';
import { RECORDING_CHANNEL, RecordingMessageSchema, RecordingStore } from './store/recordingStore.ts';

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
  // Started before Redis answers (a host booting, Redis restarting), it waits instead of exiting.
  // A Redis that stops answering (but keeps the connection) must not hold anything for long:
  // each command fails after REDIS_COMMAND_TIMEOUT_MS (its copies for pub/sub inherit it).
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, retryStrategy: redisRetry });
  redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  await waitForRedis(redis, logger);
  const redisHealth = new RedisHealth(redis, logger);
  const store = new ConferenceStore(redis);
  const seedDemo = async () => {
    if (config.seedDemo && (await store.seed(demoConference()))) logger.info('seeded the demo conference');
  };
  await seedDemo();

  const workers = await WorkerPool.start({ size: config.mediasoupWorkers, rtc: config.rtc, logger });
  /** Consumers this process takes before it counts as full. */
  const capacity = workers.size * config.routerConsumerBudget;
  const liveness = new ProcessLiveness(redis, config.processGraceMs, logger);
  await liveness.start();
  const pipes = await ProcessPipes.open({ redis, processId: liveness.id, rtc: config.rtc, sessionOf: (id) => sessions.mediaOf(id), logger });
  const openMedia = (sessionId: string) =>
    SessionMedia.open({ sessionId, pool: workers, consumerBudget: config.routerConsumerBudget, pipes, logger });

  // A recording's claim lasts as long as a dead process's people do, unless its recording renews it.
  const recordings = new RecordingStore(redis, liveness, config.processGraceMs);
  const archive = new RecordingArchive(config.recordings.dir);

  const httpServer: HttpServer = createServer();
  // Express answers what Socket.IO (attached next) leaves; it is put together below, once what
  // it reports on exists (the server listens only after that).
  let app: Express | undefined;
  httpServer.on('request', (request, response) => app?.(request, response));

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
    recordings,
  };
  const limits = new RateLimits(redis, {
    connectFromAddress: config.admission.connectionsPerAddressPerMinute,
    joinFromAddress: config.admission.joinsPerAddressPerMinute,
    // Each join is one check of its link and one join.
    linkCheckFromAddress: 2 * config.admission.joinsPerAddressPerMinute,
  });
  // Back from an outage, every process's heartbeat may have lapsed, and the people it has may not
  // be in the directory again yet: nobody is taken for gone until each has had a grace period.
  let sweepsHeldUntil = 0;
  const sessions: LiveSessions = new LiveSessions(store, openMedia, {
    outbox,
    stores,
    recording: { archive, ffmpeg: config.recordings.ffmpeg, minFreeMb: config.recordings.minFreeMb },
    processId: liveness.id,
    limits,
    reconnectGraceMs: config.processGraceMs,
    storeReady: () => redisHealth.ready,
    presenceSettled: () => Date.now() >= sweepsHeldUntil,
    logger,
  });
  const revocations = new TokenRevocations(redis);
  const admission = new Admission(config.tokenSecret, revocations, limits);
  const links = new OpenLinks({ isWithdrawn: (link) => revocations.isRevoked(link), logger });
  const observability = await startObservability({
    config,
    identify: (token) => admission.identify(token),
    redis,
    workers,
    sessions,
    pipes,
    liveness,
    store,
    stores,
    sockets: () => sockets.io.engine.clientsCount,
    capacity,
    logger,
  });
  app = createHttpApp({
    clientDist: config.http.clientDist,
    production: config.env === 'production',
    logger,
    // Liveness: answers while the process runs, whatever Redis does (readiness is /readyz).
    health: async () => ({
      redis: (await observability.redisUp()) ? 'PONG' : 'unavailable',
      workers: workers.live,
      workerSlots: workers.size,
      process: liveness.id,
      pipes: await pipes.counts(),
    }),
    processes: () => liveness.registry(),
    metricsToken: config.metricsToken,
    routes: [
      ...observability.routes,
      recordingRoutes({
        archive,
        current: (sessionId) => recordings.current(sessionId),
        identify: (token) => admission.identify(token),
        tokenSecret: config.tokenSecret,
        logger,
      }),
      joinLinkRoutes({
        identify: (token) => admission.identify(token),
        conference: store,
        moderation: stores.moderation,
        limits,
        trustProxyHops: config.admission.trustProxyHops,
        logger,
      }),
    ],
  });
  const unsubscribeChanges = await subscribeToChanges(redis, logger, [
    onChannel(BOOTH_CHANNEL, BoothChangedMessageSchema, (message) => sessions.boothChanged(message)),
    onChannel(QUEUE_CHANNEL, QueueChangedMessageSchema, (message) => sessions.queueChanged(message)),
    onChannel(MODERATION_CHANNEL, ModerationMessageSchema, (message) => sessions.moderation(message)),
    onChannel(PRODUCER_CHANNEL, ProducerChangedMessageSchema, (message) => sessions.producerChanged(message)),
    onChannel(COUNTS_CHANNEL, CountsChangedMessageSchema, (message) => sessions.countsChanged(message)),
    onChannel(RECORDING_CHANNEL, RecordingMessageSchema, (message) => sessions.recordingMessage(message)),
    onChannel(WITHDRAWAL_CHANNEL, WithdrawalSchema, (withdrawal) => links.withdrawn(withdrawal)),
    // A process died (restarted elsewhere or here): its producers go now, its people after the grace period.
    onChannel(PROCESS_DIED_CHANNEL, ProcessDiedMessageSchema, ({ processId }) => {
      liveness.markDead(processId);
      void sweepNow();
    }),
  ], (subscriber) => redisHealth.watch(subscriber, 'changes'));
  const ice = (participantId: string, linkExpiresAt: number) => ({
    iceServers: iceServersFor(config.ice.turn, participantId, linkExpiresAt),
    iceTransportPolicy: config.ice.transportPolicy,
  });
  gateConnections(sockets.io, {
    limits,
    trustProxyHops: config.admission.trustProxyHops,
    maxPerAddress: config.admission.maxConnectionsPerAddress,
    logger,
  });
  acceptConnections(sockets.io, {
    sessions,
    outbox,
    logger,
    admission,
    links,
    joinDeadlineMs: config.admission.joinDeadlineMs,
    requestsPer10s: config.admission.requestsPerConnectionPer10s,
    storeReady: () => redisHealth.ready,
    ice,
    audioEncoding: config.audioEncoding,
  });
  redisHealth.onRestored(async () => {
    sweepsHeldUntil = Date.now() + config.processGraceMs;
    await liveness.beatNow();
    await seedDemo();
    await sessions.resync();
    // A withdrawal announced while this process could not hear it still ends its connections.
    await links.recheck();
  });
  const sweepDeparted = async () => {
    if (Date.now() < sweepsHeldUntil || !redisHealth.ready) return;
    await sessions.sweepDeparted();
    const peers = await pipes.peers();
    const alive = await liveness.alive(peers);
    for (const peer of peers) if (!alive.has(peer) || liveness.isDead(peer)) pipes.dropProcess(peer);
  };
  const sweepNow = () => sweepDeparted().catch((error: unknown) => logger.warn({ err: error }, 'could not sweep departed processes'));
  const sweep = setInterval(sweepNow, config.processGraceMs / 3);
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.http.port, config.http.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, workers: workers.size }, 'multaqa is listening');
  // Killed and restarted (or replaced) at the same place: what the previous one published is gone.
  // The host is named and addressed: two machines that share a host name are still two places.
  const slot = `${hostname()} ${config.rtc.announcedAddress ?? config.rtc.listenIp} ${port}`;
  liveness.describeWith(async () => ({
    url,
    slot,
    announcedIp: config.rtc.announcedAddress ?? config.rtc.listenIp,
    workers: workers.size,
    capacity,
    ...(await sessions.load()),
    load: await observability.load().catch(() => undefined),
  }));
  await liveness.claimSlot(slot).catch((error: unknown) => logger.warn({ err: error }, 'could not look for the previous incarnation of this process'));

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // No new joins, and no new connections, from the first moment: the clients of the
      // sessions closed below re-join on another process (through the load balancer).
      sessions.drain();
      const stoppedListening = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      clearInterval(sweep);
      links.close();
      redisHealth.stop();
      liveness.stop();
      const orderly = (async () => {
        await sessions.closeAll('the server is shutting down');
        outbox.close();
        await pipes.close();
        await observability.close();
        await unsubscribeChanges();
        await sockets.close();
        workers.close();
        await stoppedListening;
        await redis.quit().catch(() => redis.disconnect());
      })();
      const timedOut = await Promise.race([
        orderly.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), config.shutdownTimeoutMs).unref()),
      ]).catch((error: unknown) => {
        logger.warn({ err: error }, 'shutdown step failed; letting go of the rest');
        return true;
      });
      if (!timedOut) return;
      // Something hung (a Redis that stopped answering, a client that never lets go): let go.
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; closing what is left');
      outbox.close();
      workers.close();
      httpServer.closeAllConnections();
      redis.disconnect();
    })());
  return { url, port, workers, sessions, pipes, store, logger, close };
}
