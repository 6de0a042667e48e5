import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.ts';
import type { RtcListenOptions } from './peerMedia.ts';

export type WorkerPoolOptions = {
  size: number;
  rtc: RtcListenOptions;
  logger: Logger;
  logLevel?: types.WorkerLogLevel;
};

/** The WebRtcServer of the worker: the one UDP and one TCP port its WebRTC transports share. */
export function webRtcServerOf(worker: types.Worker): types.WebRtcServer {
  return worker.appData.webRtcServer as types.WebRtcServer;
}

type Slot = { worker: types.Worker; routers: number };

/**
 * A fixed number of mediasoup workers (one per core by default), each with a WebRtcServer: one
 * UDP and one TCP port for all of the worker's WebRTC transports, instead of a port per
 * transport (a port range caps a host at about a thousand transports and needs a wide firewall
 * opening). A worker that dies is replaced in its slot, on the same ports; whoever had routers
 * on it hears about it through the router's own `workerclose` event.
 */
export class WorkerPool {
  readonly #slots: Slot[] = [];
  readonly #logger: Logger;
  readonly #logLevel: types.WorkerLogLevel;
  readonly #rtc: RtcListenOptions;
  #closed = false;

  private constructor(options: WorkerPoolOptions) {
    this.#logger = options.logger.child({ component: 'worker-pool' });
    this.#logLevel = options.logLevel ?? 'warn';
    this.#rtc = options.rtc;
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
    return this.#slots.map((slot) => slot.worker.pid);
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
    const free = this.#slots.filter((candidate) => !avoid.has(candidate.worker));
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
    for (const slot of this.#slots) slot.worker.close();
  }

  async #spawn(index: number): Promise<types.Worker> {
    const worker = await mediasoup.createWorker({ logLevel: this.#logLevel });
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
      void this.#replace(index);
    });
    return worker;
  }

  async #replace(index: number): Promise<void> {
    if (this.#closed) return;
    try {
      const worker = await this.#spawn(index);
      if (this.#closed) {
        worker.close();
        return;
      }
      this.#slots[index] = { worker, routers: 0 };
    } catch (error) {
      this.#logger.fatal({ err: error, index }, 'could not replace a dead mediasoup worker');
    }
  }
}
