import type { types } from 'mediasoup';
import type { DtlsParametersPayload, IceParametersPayload, MediaKind, RtpCapabilitiesPayload, RtpParametersPayload, TransportOptions } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';

export type RtcListenOptions = {
  listenIp: string;
  announcedAddress: string | undefined;
  minPort: number;
  maxPort: number;
  /** First port of the workers' WebRtcServers (worker i: port + i); undefined: a free one in the range. */
  port: number | undefined;
};

export type Direction = 'send' | 'recv';

/** Limits one connection's footprint in the worker, whatever a client asks for. */
const MAX_TRANSPORTS = 4;
const MAX_PRODUCERS = 4;
const MAX_CONSUMERS = 500;
/** What one person may send: a camera's three layers and a microphone fit. */
const MAX_INCOMING_BITRATE = 3_000_000;
/** What one person may receive: four cameras at their top layer and the audio fit. */
const MAX_OUTGOING_BITRATE = 7_000_000;

/**
 * One connection's media objects in the session router. It owns them: closing the peer
 * closes its transports, which closes their producers and consumers in the worker.
 */
export class PeerMedia {
  readonly #transports = new Map<string, { transport: types.WebRtcTransport; direction: Direction }>();
  readonly #producers = new Map<string, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  readonly #connectCalled = new Set<string>();
  #closed = false;

  constructor(
    private readonly router: types.Router,
    /** The worker's one UDP/TCP port pair that all its WebRTC transports share. */
    private readonly webRtcServer: types.WebRtcServer,
  ) {}

  /** The transport's own parameters; which TURN servers the browser may use is added at the edge. */
  async createTransport(direction: Direction): Promise<Omit<TransportOptions, 'iceServers' | 'iceTransportPolicy'>> {
    this.#assertOpen();
    if (this.#transports.size >= MAX_TRANSPORTS) {
      throw new DomainError('INVALID_STATE', `at most ${MAX_TRANSPORTS} transports per connection`);
    }
    const transport = await this.router.createWebRtcTransport({
      webRtcServer: this.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { direction },
    });
    if (this.#closed) {
      transport.close();
      throw new DomainError('INVALID_STATE', 'the connection left the session');
    }
    // Neither way may one connection take more than a person needs, whatever its client says.
    if (direction === 'send') await transport.setMaxIncomingBitrate(MAX_INCOMING_BITRATE);
    else await transport.setMaxOutgoingBitrate(MAX_OUTGOING_BITRATE);
    this.#transports.set(transport.id, { transport, direction });
    transport.observer.once('close', () => this.#transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters as TransportOptions['dtlsParameters'],
    };
  }

  /** Fresh ICE credentials for the transport (an ICE restart, after the client's network path changed). */
  async restartIce(transportId: string): Promise<IceParametersPayload> {
    const { transport } = this.#transport(transportId);
    return (await mediasoupCall(() => transport.restartIce())) as IceParametersPayload;
  }

  async connectTransport(transportId: string, dtlsParameters: DtlsParametersPayload): Promise<void> {
    const { transport } = this.#transport(transportId);
    // Marked before the await: two racing connect requests must not both reach the worker.
    if (this.#connectCalled.has(transportId)) throw new DomainError('INVALID_STATE', 'transport is already connected');
    this.#connectCalled.add(transportId);
    await mediasoupCall(() => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
  }

  async produce(
    transportId: string,
    kind: MediaKind,
    rtpParameters: RtpParametersPayload,
    paused: boolean,
    appData: types.AppData,
  ): Promise<types.Producer> {
    const { transport, direction } = this.#transport(transportId);
    if (direction !== 'send') throw new DomainError('INVALID_STATE', 'produce needs a send transport');
    if (this.#producers.size >= MAX_PRODUCERS) {
      throw new DomainError('INVALID_STATE', `at most ${MAX_PRODUCERS} producers per connection`);
    }
    const producer = await mediasoupCall(() =>
      transport.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters, paused, appData }),
    );
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => this.#producers.delete(producer.id));
    return producer;
  }

  producer(producerId: string): types.Producer {
    const producer = this.#producers.get(producerId);
    if (!producer) throw new DomainError('NOT_FOUND', 'no such producer of yours');
    return producer;
  }

  /** The worker's figures for this connection's transports, one each (their bitrate limits among them). */
  async transportStats(): Promise<types.WebRtcTransportStat[]> {
    return Promise.all([...this.#transports.values()].map(async ({ transport }) => (await transport.getStats())[0]!));
  }

  get producers(): types.Producer[] {
    return [...this.#producers.values()];
  }

  async consume(
    transportId: string,
    producerId: string,
    rtpCapabilities: RtpCapabilitiesPayload,
    appData: types.AppData = {},
  ): Promise<types.Consumer> {
    const { transport, direction } = this.#transport(transportId);
    if (direction !== 'recv') throw new DomainError('INVALID_STATE', 'consume needs a receive transport');
    if (this.#consumers.size >= MAX_CONSUMERS) {
      throw new DomainError('INVALID_STATE', `at most ${MAX_CONSUMERS} consumers per connection`);
    }
    // One consumer per producer per connection: more would only multiply what the server sends.
    if ([...this.#consumers.values()].some((consumer) => consumer.producerId === producerId)) {
      throw new DomainError('INVALID_STATE', 'you already receive this producer');
    }
    const capabilities = rtpCapabilities as types.RtpCapabilities;
    if (!this.router.canConsume({ producerId, rtpCapabilities: capabilities })) {
      throw new DomainError('INVALID_STATE', 'your device cannot receive this producer');
    }
    const consumer = await mediasoupCall(() =>
      transport.consume({ producerId, rtpCapabilities: capabilities, paused: true, appData }),
    );
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
    return consumer;
  }

  get consumers(): types.Consumer[] {
    return [...this.#consumers.values()];
  }

  /** The simulcast layer this connection wants of a camera; other consumers have no layers to pick. */
  async setVideoLayer(consumerId: string, spatialLayer: number): Promise<void> {
    const consumer = this.consumer(consumerId);
    if (consumer.kind !== 'video') throw new DomainError('INVALID_STATE', 'only video has layers to choose');
    if (consumer.type !== 'simulcast' && consumer.type !== 'svc') return;
    await whileItLives(consumer, () => consumer.setPreferredLayers({ spatialLayer, temporalLayer: 2 }));
  }

  consumer(consumerId: string): types.Consumer {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) throw new DomainError('NOT_FOUND', 'no such consumer of yours');
    return consumer;
  }

  /**
   * Pauses or resumes one of this connection's consumers. One that closes while the worker is
   * asked (its producer went away in the same instant) is NOT_FOUND, as if it had been gone.
   */
  async setConsumerPaused(consumerId: string, paused: boolean): Promise<void> {
    const consumer = this.consumer(consumerId);
    await whileItLives(consumer, () => (paused ? consumer.pause() : consumer.resume()));
  }

  close(): void {
    this.#closed = true;
    for (const { transport } of this.#transports.values()) transport.close();
    this.#transports.clear();
  }

  #transport(transportId: string) {
    this.#assertOpen();
    const entry = this.#transports.get(transportId);
    if (!entry) throw new DomainError('NOT_FOUND', 'no such transport of yours');
    return entry;
  }

  #assertOpen(): void {
    if (this.#closed) throw new DomainError('INVALID_STATE', 'the connection left the session');
  }
}

/** mediasoup reports bad client parameters as TypeError; the client should hear why. */
async function mediasoupCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError')) {
      throw new DomainError('INVALID_STATE', `rejected by the media server: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Asks the worker something of a consumer. If the consumer went in the meantime (its producer
 * closed in the same instant), the worker no longer knows it ("Channel request handler … not
 * found") before this side hears that it closed: either way that is NOT_FOUND, not a fault.
 */
async function whileItLives(consumer: types.Consumer, ask: () => Promise<void>): Promise<void> {
  try {
    await ask();
  } catch (error) {
    if (consumer.closed || (error instanceof Error && /not found/i.test(error.message))) {
      throw new DomainError('NOT_FOUND', 'that track is gone (its sender left)');
    }
    throw error;
  }
}
