import type { types } from 'mediasoup';
import type { Logger } from '../logger.ts';
import { InputLevels } from './inputLevels.ts';
import { MEDIA_CODECS } from './mediaCodecs.ts';
import { placeListener } from './placement.ts';
import type { ProcessPipes } from './processPipes.ts';
import type { WorkerPool } from './workerPool.ts';

/** One router of a session on this process, on one worker, and who uses it. */
export type SessionRouter = {
  readonly router: types.Router;
  readonly worker: types.Worker;
  readonly home: boolean;
  /** Consumers of people's receive transports on it (pipes not counted). */
  consumers: number;
  /** People placed on it. */
  peers: number;
};

/** One router's share of a session, as tests and metrics read it. */
export type MediaLoad = { workerPid: number; home: boolean; peers: number; consumers: number };

export type SessionMediaOptions = {
  sessionId: string;
  pool: WorkerPool;
  consumerBudget: number;
  /** Producers of other server processes come in through these. */
  pipes: ProcessPipes;
  logger: Logger;
};

/**
 * A session's media on this process, with one owner: its routers (the home router, where
 * publishers go and the active-speaker observer listens, and one router per further worker as
 * listeners outgrow the consumer budget), the producers published in them, and the pipes that
 * bring a producer to each router whose listeners need it (`pipeToRouter`, made once per pair).
 * A producer of another server process comes in through ProcessPipes to the home router, and
 * from there goes on like one published here.
 */
export class SessionMedia {
  readonly #routers: SessionRouter[] = [];
  /** Where each producer was published. */
  readonly #origins = new Map<string, types.Router>();
  /** Pipes made or being made, by target router and producer. */
  readonly #pipes = new Map<string, Promise<void>>();
  readonly #routerClosedHandlers: ((slot: SessionRouter) => void)[] = [];
  /** Edge routers closed because nobody used them any more (not a failure). */
  readonly #drained = new WeakSet<SessionRouter>();
  #opening: Promise<SessionRouter> | undefined;
  #closed = false;

  private constructor(
    private readonly options: SessionMediaOptions,
    readonly activeSpeaker: types.ActiveSpeakerObserver,
    /** How loud the interpreters' voices published here arrive (for the operator view). */
    readonly levels: InputLevels,
  ) {}

  static async open(options: SessionMediaOptions): Promise<SessionMedia> {
    const placed = await options.pool.createRouterAvoiding(routerOptions(options.sessionId), new Set());
    const { router, worker } = placed!;
    const activeSpeaker = await router.createActiveSpeakerObserver({ interval: 300 });
    const media = new SessionMedia(options, activeSpeaker, await InputLevels.open(router));
    media.#adopt(router, worker, true);
    return media;
  }

  get home(): SessionRouter {
    return this.#routers[0]!;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.home.router.rtpCapabilities;
  }

  /** The routers in use, home first (for tests and metrics). */
  get routers(): readonly SessionRouter[] {
    return this.#routers;
  }

  load(): MediaLoad[] {
    return this.#routers.map(({ worker, home, peers, consumers }) => ({ workerPid: worker.pid, home, peers, consumers }));
  }

  /** Called with a router that closed (its worker died); for the home router the session is gone. */
  onRouterClosed(handler: (slot: SessionRouter) => void): void {
    this.#routerClosedHandlers.push(handler);
  }

  /** Publishers (stage, booths) go home: their producers are next to the speaker observer. */
  placePublisher(): SessionRouter {
    this.home.peers++;
    return this.home;
  }

  /** A listener goes to the least-loaded router with room, on a new worker when all are full. */
  async placeListener(): Promise<SessionRouter> {
    for (;;) {
      if (this.#opening) await this.#opening.catch(() => undefined);
      const loads = this.#routers.map((slot) => ({
        id: slot.router.id,
        consumers: slot.consumers,
        listeners: slot.peers,
        workerLoad: this.options.pool.routersOn(slot.worker),
      }));
      const canOpen = this.#routers.length < this.options.pool.size;
      const placement = placeListener(loads, { budget: this.options.consumerBudget, perListener: this.#origins.size, canOpen });
      if (!placement.open) {
        const slot = this.#routers.find((candidate) => candidate.router.id === placement.id)!;
        slot.peers++;
        return slot;
      }
      this.#opening ??= this.#openEdge().finally(() => (this.#opening = undefined));
      const opened = await this.#opening.catch(() => undefined);
      if (!opened) {
        this.home.peers++; // no other worker to be had: home it is
        return this.home;
      }
    }
  }

  /** A person left their router; an edge router nobody uses any more is closed. */
  peerLeft(slot: SessionRouter): void {
    slot.peers = Math.max(0, slot.peers - 1);
    if (slot.home || slot.peers > 0 || slot.router.closed) return;
    this.#drained.add(slot);
    slot.router.close();
  }

  /** A producer was published on `router`; microphones are also heard by the speaker observer. */
  async published(producer: types.Producer, router: types.Router, observeSpeaker: boolean): Promise<void> {
    this.#track(producer, router);
    if (!observeSpeaker) return;
    await this.bring(producer.id, this.home.router);
    await this.activeSpeaker.addProducer({ producerId: producer.id });
  }

  /**
   * Makes the producer `producerId` of the server process `owner` consumable on `router`: piped
   * from that process to the home router (once), and on from there.
   */
  async bringFrom(owner: string, producerId: string, router: types.Router): Promise<void> {
    if (this.#closed) throw new Error('the session media closed');
    if (!this.#origins.has(producerId)) {
      const producer = await this.options.pipes.importProducer(this.options.sessionId, owner, producerId, this.home.router);
      if (producer.closed) throw new Error('the piped producer closed');
      if (!this.#origins.has(producerId)) this.#track(producer, this.home.router);
    }
    await this.bring(producerId, router);
  }

  /** The active-speaker observer also listens to a microphone of another server process. */
  async observeRemote(owner: string, producerId: string): Promise<void> {
    await this.bringFrom(owner, producerId, this.home.router);
    await this.activeSpeaker.addProducer({ producerId });
  }

  /** Makes `producerId` consumable on `router`, piping it from where it was published (once). */
  bring(producerId: string, router: types.Router): Promise<void> {
    const origin = this.#origins.get(producerId);
    if (!origin || origin === router) return Promise.resolve();
    const key = `${router.id}/${producerId}`;
    let pipe = this.#pipes.get(key);
    if (!pipe) {
      pipe = origin.pipeToRouter({ producerId, router }).then(() => undefined);
      this.#pipes.set(key, pipe);
      pipe.catch(() => this.#pipes.get(key) === pipe && this.#pipes.delete(key));
    }
    return pipe;
  }

  close(): void {
    this.#closed = true;
    this.options.pipes.closeSession(this.options.sessionId);
    for (const slot of [...this.#routers].reverse()) slot.router.close();
  }

  #track(producer: types.Producer, router: types.Router): void {
    const producerId = producer.id;
    this.#origins.set(producerId, router);
    producer.observer.once('close', () => {
      if (this.#origins.get(producerId) === router) this.#origins.delete(producerId);
      for (const key of [...this.#pipes.keys()]) if (key.endsWith(`/${producerId}`)) this.#pipes.delete(key);
    });
  }

  async #openEdge(): Promise<SessionRouter> {
    const avoid = new Set(this.#routers.map((slot) => slot.worker));
    const placed = await this.options.pool.createRouterAvoiding(routerOptions(this.options.sessionId), avoid);
    if (!placed) throw new Error('no free worker');
    if (this.#closed) {
      placed.router.close();
      throw new Error('the session media closed');
    }
    this.options.logger.info({ session: this.options.sessionId, routers: this.#routers.length + 1 }, 'opened a session router on another worker');
    return this.#adopt(placed.router, placed.worker, false);
  }

  #adopt(router: types.Router, worker: types.Worker, home: boolean): SessionRouter {
    const slot: SessionRouter = { router, worker, home, consumers: 0, peers: 0 };
    this.#routers.push(slot);
    router.observer.on('newtransport', (transport) => {
      if (transport.appData.direction !== 'recv') return;
      transport.observer.on('newconsumer', (consumer) => {
        slot.consumers++;
        consumer.observer.once('close', () => (slot.consumers = Math.max(0, slot.consumers - 1)));
      });
    });
    router.observer.once('close', () => {
      this.#routers.splice(this.#routers.indexOf(slot), 1);
      for (const key of [...this.#pipes.keys()]) if (key.startsWith(`${router.id}/`)) this.#pipes.delete(key);
      if (!this.#closed && !this.#drained.has(slot)) for (const handler of this.#routerClosedHandlers) handler(slot);
    });
    return slot;
  }
}

function routerOptions(sessionId: string): types.RouterOptions {
  return { mediaCodecs: MEDIA_CODECS, appData: { sessionId } };
}
