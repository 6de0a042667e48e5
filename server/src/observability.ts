import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { ProcessLoad } from '@multaqa/shared';
import type { LiveSessions } from './app/liveSessions.ts';
import type { JoinClaims } from './auth/joinTokens.ts';
import { OperatorOverviews, snapshotOf } from './app/operatorOverviews.ts';
import type { Config } from './config.ts';
import { monitoringRoutes } from './http/monitoring.ts';
import { operatorRoutes } from './http/operatorApi.ts';
import type { Logger } from './logger.ts';
import type { ProcessPipes } from './media/processPipes.ts';
import type { WorkerPool } from './media/workerPool.ts';
import { createMetrics } from './metrics/metrics.ts';
import { ProcessProbe } from './metrics/probe.ts';
import type { BoothStore } from './store/boothStore.ts';
import type { ConferenceStore } from './store/conferenceStore.ts';
import { OperatorBus } from './store/operatorBus.ts';
import type { ProcessLiveness } from './store/processLiveness.ts';
import type { QueueStore } from './store/queueStore.ts';

export type Observability = {
  /** `/metrics`, `/readyz` (and `/ready`), and the operator API. */
  routes: Router[];
  /** Redis answered a PING within a second just now (for /healthz, which never waits on Redis). */
  redisUp: () => Promise<boolean>;
  /** The process's load as its heartbeat carries it. */
  load: () => Promise<ProcessLoad>;
  close: () => Promise<void>;
};

/**
 * What operators see of this process: Prometheus metrics, readiness for load balancers, and
 * the operator overview (this process answers its part for the overviews other processes put
 * together). All of it is read when asked.
 */
export async function startObservability(deps: {
  config: Config;
  /** Checks a join token (signature, expiry, not withdrawn) and says who it is for. */
  identify: (token: string) => Promise<JoinClaims>;
  redis: Redis;
  workers: WorkerPool;
  sessions: LiveSessions;
  pipes: ProcessPipes;
  liveness: ProcessLiveness;
  store: ConferenceStore;
  stores: { booths: BoothStore; queues: QueueStore };
  /** Socket.IO connections open now. */
  sockets: () => number;
  capacity: number;
  logger: Logger;
}): Promise<Observability> {
  const { redis, sessions, liveness, logger } = deps;
  const probe = new ProcessProbe({ ...deps, shuttingDown: () => sessions.draining });
  const bus = await OperatorBus.open({
    redis,
    processId: liveness.id,
    answer: async (sessionId) => snapshotOf(liveness.id, await probe.load(), await probe.sessionReport(sessionId)),
    logger,
  });
  const overviews = new OperatorOverviews({
    processId: liveness.id,
    conference: deps.store,
    booths: deps.stores.booths,
    queues: deps.stores.queues,
    registry: () => liveness.registry(),
    bus,
  });
  /** The live processes with room, least loaded first (where a full process sends people). */
  const roomElsewhere = async () =>
    (await liveness.registry())
      .filter((entry) => entry.id !== liveness.id && entry.url && (entry.consumers ?? 0) < (entry.capacity ?? 0))
      .sort((a, b) => (a.consumers ?? 0) / (a.capacity || 1) - (b.consumers ?? 0) / (b.capacity || 1))
      .map((entry) => entry.url!);
  const routes = [
    monitoringRoutes({
      registry: createMetrics(probe, liveness.id),
      readiness: async () => {
        const readiness = await probe.readiness();
        if (readiness.ready || readiness.reason !== 'full') return readiness;
        return { ...readiness, elsewhere: await roomElsewhere() };
      },
      logger,
    }),
    operatorRoutes({ identify: deps.identify, overview: (sessionId) => overviews.overview(sessionId), logger }),
  ];
  return {
    routes,
    redisUp: async () => (await probe.redisRoundTrip()) !== null,
    load: probe.load,
    close: async () => {
      probe.stop();
      await bus.close();
    },
  };
}
