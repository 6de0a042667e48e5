import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { WorkerLoad } from '@multaqa/shared';
import { CpuMeter } from '../domain/load/cpuMeter.ts';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import type { RtcListenOptions } from './peerMedia.ts';
import { countWorkerObjects, type WorkerObjects } from './workerObjects.ts';

export type WorkerPoolOptions = {
  size: number;
  rtc: RtcListenOptions;
  logger: Logger;
  logLevel?: types.WorkerLogLevel;
  /** How a worker process is started (mediasoup's own by default; tests make it fail on purpose). */
  createWorker?: typeof mediasoup.createWorker;
  /** First wait before another try at replacing a dead worker; doubles up to 10 s. */
  retryDelayMs?: number;
};

/** The longest wait between two tries at replacing a dead worker. */
const MAX_RETRY_DELAY_MS = 10_000;

/** The WebRtcServer of the worker: the one UDP and one TCP port its WebRTC transports share. */
export function webRtcServerOf(worker: types.Worker): types.WebRtcServer {
  return worker.appData.webRtcServer as types.WebRtcServer;
}

/** What a worker's own counters say of it (kept in its appData from the start). */
type WorkerMeters = { objects: Readonly<WorkerObjects>; cpu: CpuMeter };
const metersOf = (worker: types.Worker) => worker.appData.meters as WorkerMeters;

/** A worker's load, with its cumulative CPU time (for counters). */
export type WorkerUsage = WorkerLoad & { userSeconds: number; systemSeconds: number };

/** A worker's place in the pool; `worker` is undefined while a dead one is being replaced. */
type Slot = { worker: types.Worker | undefined; routers: number };

/**
 * A fixed number of mediasoup workers (one per core by default), each with a WebRtcServer: one
 * UDP and one TCP port for all of the worker's WebRTC transports, instead of a port per
 * transport (a port range caps a host at about a thousand transports and needs a wide firewall
 * opening). A worker that dies is replaced in its slot, on the same ports; whoever had routers
 * on it hears about it through the router's own `workerclose` event. Until the replacement
 * runs (it is tried again, with growing pauses, for as long as it fails) the slot is empty and
 * new routers go to the live workers.
 */
export class WorkerPool {
  readonly #slots: Slot[] = [];
  readonly #logger: Logger;
  readonly #logLevel: types.WorkerLogLevel;
  readonly #rtc: RtcListenOptions;
  readonly #createWorker: typeof mediasoup.createWorker;
  readonly #retryDelayMs: number;
  #closed = false;

  private constructor(options: WorkerPoolOptions) {
    this.#logger = options.logger.child({ component: 'worker-pool' });
    this.#logLevel = options.logLevel ?? 'warn';
    this.#rtc = options.rtc;
    this.#createWorker = options.createWorker ?? mediasoup.createWorker;
    this.#retryDelayMs = options.retryDelayMs ?? 500;
  }

  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    for (let index = 0; index < options.size; index++) {
      pool.#slots.push({ worker: await pool.#spawn(index), routers: 0 });
    }
    return pool;
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Process ids of the live workers, for health checks and tests. */
  get pids(): number[] {
    return this.#liveSlots().map((slot) => slot.worker.pid);
  }

  /** How many workers are running now (the pool's size less those being replaced). */
  get live(): number {
    return this.#liveSlots().length;
  }

  /** The live workers (for per-worker metrics). */
  get workers(): types.Worker[] {
    return this.#liveSlots().map((slot) => slot.worker);
  }

  /**
   * Each slot's worker as it is now: what lives in it and the CPU and memory it used (one
   * resource-usage request per live worker). A slot whose worker is being replaced is not alive.
   */
  async usage(): Promise<WorkerUsage[]> {
    return Promise.all(
      this.#slots.map(async ({ worker, routers }, index) => {
        const live = worker !== undefined && !worker.died && !worker.closed;
        const usage = live ? await worker.getResourceUsage().catch(() => undefined) : undefined;
        const objects = live ? metersOf(worker).objects : { transports: 0, producers: 0, consumers: 0 };
        const cpuMs = usage ? usage.ru_utime + usage.ru_stime : 0;
        return {
          index,
          pid: live ? worker.pid : 0,
          alive: live,
          routers: live ? routers : 0,
          ...objects,
          cpu: usage ? metersOf(worker!).cpu.sample(Date.now(), cpuMs) : 0,
          // libuv reports the peak resident set in kilobytes.
          maxRssBytes: (usage?.ru_maxrss ?? 0) * 1024,
          userSeconds: (usage?.ru_utime ?? 0) / 1000,
          systemSeconds: (usage?.ru_stime ?? 0) / 1000,
        };
      }),
    );
  }

  /** How many routers (of every session) the worker has: its share of the load. */
  routersOn(worker: types.Worker): number {
    return this.#slots.find((slot) => slot.worker === worker)?.routers ?? 0;
  }

  /** Creates a router on the least loaded worker. */
  async createRouter(options: types.RouterOptions): Promise<types.Router> {
    return (await this.createRouterAvoiding(options, new Set()))!.router;
  }

  /**
   * Creates a router on the least loaded worker that is not in `avoid` (workers that already
   * host the caller's session); undefined when every worker is in it.
   */
  async createRouterAvoiding(
    options: types.RouterOptions,
    avoid: ReadonlySet<types.Worker>,
  ): Promise<{ router: types.Router; worker: types.Worker } | undefined> {
    if (this.#closed) throw new Error('worker pool is closed');
    const live = this.#liveSlots();
    if (live.length === 0) throw new DomainError('UNAVAILABLE', 'no media server is running here right now; try again in a moment');
    const free = live.filter((candidate) => !avoid.has(candidate.worker));
    if (free.length === 0) return undefined;
    const slot = free.reduce((least, candidate) => (candidate.routers < least.routers ? candidate : least));
    const router = await slot.worker.createRouter(options);
    slot.routers++;
    router.observer.once('close', () => {
      slot.routers = Math.max(0, slot.routers - 1);
    });
    return { router, worker: slot.worker };
  }

  close(): void {
    this.#closed = true;
    for (const slot of this.#slots) slot.worker?.close();
  }

  #liveSlots(): Array<Slot & { worker: types.Worker }> {
    return this.#slots.filter((slot): slot is Slot & { worker: types.Worker } => slot.worker !== undefined && !slot.worker.died && !slot.worker.closed);
  }

  async #spawn(index: number): Promise<types.Worker> {
    const worker = await this.#createWorker({ logLevel: this.#logLevel });
    worker.appData.meters = { objects: countWorkerObjects(worker), cpu: new CpuMeter({ at: Date.now(), cpuMs: 0 }) } satisfies WorkerMeters;
    const { listenIp: ip, announcedAddress, port, minPort, maxPort } = this.#rtc;
    const where = port === undefined ? { portRange: { min: minPort, max: maxPort } } : { port: port + index };
    try {
      worker.appData.webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ip, announcedAddress, ...where },
          { protocol: 'tcp', ip, announcedAddress, ...where },
        ],
      });
    } catch (error) {
      worker.close();
      throw new Error(`could not listen for WebRTC on ${ip} ${port === undefined ? `ports ${minPort}-${maxPort}` : `port ${port + index}`}: ${String(error)}`);
    }
    this.#logger.info({ workerPid: worker.pid, index }, 'mediasoup worker started');
    worker.on('died', (error) => {
      this.#logger.error({ workerPid: worker.pid, index, err: error }, 'mediasoup worker died; replacing it');
      this.#slots[index] = { worker: undefined, routers: 0 };
      void this.#replace(index);
    });
    return worker;
  }

  /** Starts a worker in the slot, trying again (0.5 s, 1 s, 2 s … 10 s apart) until one runs. */
  async #replace(index: number): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      try {
        const worker = await this.#spawn(index);
        if (this.#closed) {
          worker.close();
          return;
        }
        this.#slots[index] = { worker, routers: 0 };
        return;
      } catch (error) {
        const delayMs = Math.min(MAX_RETRY_DELAY_MS, this.#retryDelayMs * 2 ** attempt);
        this.#logger.error({ err: error, index, attempt, retryInMs: delayMs }, 'could not replace a dead mediasoup worker; trying again');
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  }
}
