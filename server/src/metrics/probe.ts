import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { ProcessLoad } from '@multaqa/shared';
import type { LiveSessions } from '../app/liveSessions.ts';
import type { AudioStreamReport, SessionReport } from '../app/sessionReport.ts';
import { CpuMeter } from '../domain/load/cpuMeter.ts';
import { readinessOf, type Readiness } from '../domain/load/readiness.ts';
import type { PipeCounts, ProcessPipes } from '../media/processPipes.ts';
import type { WorkerPool, WorkerUsage } from '../media/workerPool.ts';
import { memo } from '../app/memo.ts';

/** A PING slower than this counts as Redis being away (a hung Redis keeps its connection open). */
const PING_TIMEOUT_MS = 1_000;
/** Measurements younger than this are shared by whoever asks (a scrape's gauges, a heartbeat, an operator). */
const FRESH_MS = 1_000;
/** The event-loop monitor's timer period; each delay it records includes it. */
const LAG_RESOLUTION_MS = 10;

export type ProbeDeps = {
  redis: Redis;
  workers: WorkerPool;
  sessions: LiveSessions;
  pipes: ProcessPipes;
  /** Socket.IO connections open now. */
  sockets: () => number;
  capacity: number;
  shuttingDown: () => boolean;
};

export type SessionMeasurement = SessionReport & { audio: AudioStreamReport[] };

/**
 * Reads this server process's state for metrics, readiness, the heartbeat and the operator
 * view, only when asked (nothing runs on the hot paths): what is in memory is read as it is;
 * what needs a question to a worker or to Redis is asked once per second at most, however many
 * ask.
 */
export class ProcessProbe {
  readonly #lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  readonly #cpu = new CpuMeter({ at: Date.now(), cpuMs: processCpuMs() });
  readonly #deps: ProbeDeps;

  /** Redis's answer time in seconds, or null when it did not answer within a second. */
  readonly redisRoundTrip: () => Promise<number | null>;
  readonly workerUsage: () => Promise<WorkerUsage[]>;
  /** The Node process and its workers, as the operator view and the heartbeat show them. */
  readonly load: () => Promise<ProcessLoad>;
  /** Every session open here with the health of its audio (one stats request per audio producer). */
  readonly sessionsMeasured: () => Promise<SessionMeasurement[]>;

  constructor(deps: ProbeDeps) {
    this.#deps = deps;
    this.#lag.enable();
    this.redisRoundTrip = memo(() => this.#ping(), FRESH_MS);
    this.workerUsage = memo(() => deps.workers.usage(), FRESH_MS);
    this.load = memo(() => this.#measureLoad(), FRESH_MS);
    this.sessionsMeasured = memo(async () => {
      const sessions = await deps.sessions.live();
      return Promise.all(sessions.map(async (session) => ({ ...session.report(), audio: await session.audioStreams() })));
    }, FRESH_MS);
  }

  /** Whether a load balancer should send new people here, and the numbers behind it. */
  async readiness(): Promise<Readiness & { consumers: number; capacity: number }> {
    const [roundTrip, { consumers }] = await Promise.all([this.redisRoundTrip(), this.#deps.sessions.load()]);
    const { capacity } = this.#deps;
    const verdict = readinessOf({
      shuttingDown: this.#deps.shuttingDown(),
      redisReady: roundTrip !== null,
      liveWorkers: this.#deps.workers.live,
      consumers,
      capacity,
    });
    return { ...verdict, consumers, capacity };
  }

  /** The reports of the sessions open here (from memory). */
  async sessionReports(): Promise<SessionReport[]> {
    return (await this.#deps.sessions.live()).map((session) => session.report());
  }

  async sessionReport(sessionId: string): Promise<SessionReport | undefined> {
    return (await this.#deps.sessions.find(sessionId))?.report();
  }

  pipeCounts(): Promise<PipeCounts> {
    return this.#deps.pipes.counts();
  }

  get sockets(): number {
    return this.#deps.sockets();
  }

  stop(): void {
    this.#lag.disable();
  }

  async #measureLoad(): Promise<ProcessLoad> {
    const [workers, totals] = await Promise.all([this.workerUsage(), this.#deps.sessions.load()]);
    const memory = process.memoryUsage();
    // The delay's spread since the last measurement (at least a second ago), then a new window.
    const lagMs = this.#lag.count > 0 ? Math.max(0, this.#lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS) : 0;
    this.#lag.reset();
    return {
      cpu: this.#cpu.sample(Date.now(), processCpuMs()),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopLagMs: lagMs,
      sockets: this.#deps.sockets(),
      ...totals,
      capacity: this.#deps.capacity,
      workers: workers.map(({ userSeconds: _user, systemSeconds: _system, ...load }) => load),
    };
  }

  async #ping(): Promise<number | null> {
    const { redis } = this.#deps;
    if (redis.status !== 'ready') return null;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PING_TIMEOUT_MS)));
    const pong = redis.ping().then(
      () => (performance.now() - started) / 1000,
      () => null,
    );
    return Promise.race([pong, timeout]).finally(() => clearTimeout(timer));
  }
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
