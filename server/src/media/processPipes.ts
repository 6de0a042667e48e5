import type { Redis } from 'ioredis';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.ts';
import { ProcessBus } from '../store/processBus.ts';
import type { RtcListenOptions } from './peerMedia.ts';
import {
  OpenPipeAnswerSchema,
  PipeNoticeSchema,
  PipeProducerAnswerSchema,
  PipeRequestSchema,
  type PipeEnd,
  type PipeNotice,
  type PipeRequest,
} from './pipeMessages.ts';

/** What the owning process needs of a session open on it to send its producers down a pipe. */
export type ExportingSession = {
  readonly home: { readonly router: types.Router };
  bring(producerId: string, router: types.Router): Promise<void>;
};

/** One end of a pipe between this process and another, for one session. */
type Link = { transport: types.PipeTransport; router: types.Router; sessionId: string; peer: string };

/** Pipes as this process counts them, by the other process (for tests, health and metrics). */
export type PipeCounts = { exportsTo: Record<string, number>; importsFrom: Record<string, number> };

/**
 * Producers crossing between server processes. The process with listeners of a session
 * (the importer) asks the process that owns a producer (the exporter), through Redis, for a
 * pipe: a mediasoup PipeTransport pair with SRTP (and RTX, for loss between hosts), one pair
 * per session and pair of processes, carrying every producer the importer needs. The importer's
 * end sits on its home router; from there its own routers get the producer as any other.
 * Pause, resume and close cross as notices; when either process goes away, the other closes its
 * end (`dropProcess`, from the liveness sweep), and with it what came through.
 */
export class ProcessPipes {
  /** Exported ends by transport id. */
  readonly #exports = new Map<string, Link>();
  /** Imported ends by session and owner process. */
  readonly #imports = new Map<string, Promise<{ link: Link; pipeId: string }>>();
  /** Imported producers by session and producer id. */
  readonly #imported = new Map<string, Promise<types.Producer>>();
  #bus!: ProcessBus<PipeRequest, PipeNotice>;

  private constructor(
    private readonly rtc: RtcListenOptions,
    private readonly sessionOf: (sessionId: string) => Promise<ExportingSession | undefined>,
    private readonly logger: Logger,
  ) {}

  static async open(options: {
    redis: Redis;
    processId: string;
    rtc: RtcListenOptions;
    sessionOf: (sessionId: string) => Promise<ExportingSession | undefined>;
    logger: Logger;
  }): Promise<ProcessPipes> {
    const pipes = new ProcessPipes(options.rtc, options.sessionOf, options.logger);
    pipes.#bus = await ProcessBus.open(
      options.redis,
      options.processId,
      { request: PipeRequestSchema, notice: PipeNoticeSchema },
      { request: (request, from) => pipes.#answer(request, from), notice: (notice, from) => pipes.#onNotice(notice, from) },
      options.logger,
    );
    return pipes;
  }

  get processId(): string {
    return this.#bus.processId;
  }

  /**
   * The producer `producerId` of `owner`'s process, made a producer of `router` here (with the
   * same id), once per session whoever asks.
   */
  importProducer(sessionId: string, owner: string, producerId: string, router: types.Router): Promise<types.Producer> {
    const key = `${sessionId}/${producerId}`;
    let imported = this.#imported.get(key);
    if (!imported) {
      imported = this.#import(sessionId, owner, producerId, router);
      this.#imported.set(key, imported);
      imported.then(
        (producer) => producer.observer.once('close', () => this.#imported.get(key) === imported && this.#imported.delete(key)),
        () => this.#imported.get(key) === imported && this.#imported.delete(key),
      );
    }
    return imported;
  }

  /** The session closed here: close its pipe ends, both ways, and tell the other processes to close theirs. */
  closeSession(sessionId: string): void {
    for (const [key, pending] of [...this.#imports]) {
      if (!key.startsWith(`${sessionId}/`)) continue;
      this.#imports.delete(key);
      void pending.then(({ link }) => {
        link.transport.close();
        this.#bus.notify(link.peer, { type: 'closePipes', sessionId });
      }, () => undefined);
    }
    for (const link of [...this.#exports.values()]) {
      if (link.sessionId !== sessionId) continue;
      link.transport.close();
      // The importer's end would wait for producers that never come; the next pipe is a new pair.
      this.#bus.notify(link.peer, { type: 'closePipes', sessionId });
    }
  }

  /** `processId` went away: close every pipe end to and from it. */
  dropProcess(processId: string): void {
    for (const link of [...this.#exports.values()]) if (link.peer === processId) link.transport.close();
    for (const [key, pending] of [...this.#imports]) {
      if (!key.endsWith(`/${processId}`)) continue;
      this.#imports.delete(key);
      void pending.then(({ link }) => link.transport.close(), () => undefined);
    }
  }

  /** The other processes this one has pipes with (to check which are still alive). */
  async peers(): Promise<string[]> {
    const links = await Promise.all([...this.#imports.values()].map((pending) => pending.then(({ link }) => link.peer, () => undefined)));
    return [...new Set([...links.filter((peer) => peer !== undefined), ...[...this.#exports.values()].map((link) => link.peer)])];
  }

  async counts(): Promise<PipeCounts> {
    const counts: PipeCounts = { exportsTo: {}, importsFrom: {} };
    for (const { peer } of this.#exports.values()) counts.exportsTo[peer] = (counts.exportsTo[peer] ?? 0) + 1;
    for (const pending of this.#imports.values()) {
      const link = await pending.then(({ link }) => link, () => undefined);
      if (link && !link.transport.closed) counts.importsFrom[link.peer] = (counts.importsFrom[link.peer] ?? 0) + 1;
    }
    return counts;
  }

  async close(): Promise<void> {
    await this.#bus.close();
  }

  async #import(sessionId: string, owner: string, producerId: string, router: types.Router): Promise<types.Producer> {
    const { link, pipeId } = await this.#importLink(sessionId, owner, router);
    const answer = PipeProducerAnswerSchema.parse(await this.#bus.request(owner, { type: 'pipeProducer', sessionId, pipeId, producerId }));
    return link.transport.produce({
      id: producerId,
      kind: answer.kind,
      rtpParameters: answer.rtpParameters as unknown as types.RtpParameters,
      paused: answer.paused,
      appData: { importedFrom: owner },
    });
  }

  #importLink(sessionId: string, owner: string, router: types.Router): Promise<{ link: Link; pipeId: string }> {
    const key = `${sessionId}/${owner}`;
    let pending = this.#imports.get(key);
    if (!pending) {
      pending = (async () => {
        const transport = await this.#createEnd(router);
        try {
          const answer = OpenPipeAnswerSchema.parse(await this.#bus.request(owner, { type: 'openPipe', sessionId, end: this.#endOf(transport) }));
          await transport.connect(answer.end);
          return { link: { transport, router, sessionId, peer: owner }, pipeId: answer.pipeId };
        } catch (error) {
          transport.close();
          throw error;
        }
      })();
      this.#imports.set(key, pending);
      const settled = pending;
      settled.then(
        ({ link }) => link.transport.observer.once('close', () => this.#imports.get(key) === settled && this.#imports.delete(key)),
        () => this.#imports.get(key) === settled && this.#imports.delete(key),
      );
    }
    return pending;
  }

  async #answer(request: PipeRequest, from: string): Promise<unknown> {
    const session = await this.sessionOf(request.sessionId);
    if (!session) throw new Error(`session ${request.sessionId} is not open on this process`);
    if (request.type === 'openPipe') {
      const transport = await this.#createEnd(session.home.router);
      await transport.connect(request.end);
      const link: Link = { transport, router: session.home.router, sessionId: request.sessionId, peer: from };
      this.#exports.set(transport.id, link);
      transport.observer.once('close', () => this.#exports.delete(transport.id));
      this.logger.debug({ session: request.sessionId, to: from }, 'opened a pipe to another process');
      return { pipeId: transport.id, end: this.#endOf(transport) };
    }
    const link = this.#exports.get(request.pipeId);
    if (!link || link.peer !== from || link.sessionId !== request.sessionId) throw new Error('no such pipe');
    await session.bring(request.producerId, link.router);
    const consumer = await link.transport.consume({ producerId: request.producerId });
    const notice = (type: 'producerPaused' | 'producerResumed' | 'producerClosed') =>
      this.#bus.notify(from, { type, sessionId: request.sessionId, producerId: request.producerId });
    consumer.on('producerpause', () => notice('producerPaused'));
    consumer.on('producerresume', () => notice('producerResumed'));
    consumer.on('producerclose', () => notice('producerClosed'));
    return { kind: consumer.kind, rtpParameters: consumer.rtpParameters, paused: consumer.producerPaused };
  }

  #onNotice(notice: PipeNotice, from: string): void {
    if (notice.type === 'closePipes') {
      for (const link of [...this.#exports.values()]) if (link.peer === from && link.sessionId === notice.sessionId) link.transport.close();
      const key = `${notice.sessionId}/${from}`;
      const imported = this.#imports.get(key);
      this.#imports.delete(key);
      void imported?.then(({ link }) => link.transport.close(), () => undefined);
      return;
    }
    const imported = this.#imported.get(`${notice.sessionId}/${notice.producerId}`);
    void imported?.then((producer) => {
      if (producer.appData.importedFrom !== from || producer.closed) return;
      if (notice.type === 'producerClosed') producer.close();
      else if (notice.type === 'producerPaused') return producer.pause();
      else return producer.resume();
    }).catch((error: unknown) =>
      // A producer closing while the notice was on its way is no fault.
      void imported.then((producer) => !producer.closed && this.logger.warn({ err: error, notice }, 'could not follow a piped producer'), () => undefined),
    );
  }

  async #createEnd(router: types.Router): Promise<types.PipeTransport> {
    const transport = await router.createPipeTransport({
      listenInfo: {
        protocol: 'udp',
        ip: this.rtc.listenIp,
        announcedAddress: this.rtc.announcedAddress,
        portRange: { min: this.rtc.minPort, max: this.rtc.maxPort },
      },
      enableSrtp: true,
      enableRtx: true,
    });
    return transport;
  }

  #endOf(transport: types.PipeTransport): PipeEnd {
    return {
      ip: this.rtc.announcedAddress ?? transport.tuple.localAddress ?? transport.tuple.localIp,
      port: transport.tuple.localPort,
      srtpParameters: transport.srtpParameters!,
    };
  }
}
