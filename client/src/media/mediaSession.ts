import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import type { AudioEncoding, MediaSource, ProducerInfo } from '@multaqa/shared';
import type { ReceiveStats, SendStats } from '../diagnostics.ts';
import type { SignalingClient } from '../signaling/signalingClient.ts';
import { selectedPath, type ConnectionPath } from './connectionPath.ts';
import { InputReporter } from './inputReporter.ts';
import { restartIceWhenBroken } from './iceRestart.ts';
import { CAMERA_LAYERS } from './videoLayers.ts';

export type ConsumedTrack = { consumerId: string; producer: ProducerInfo; track: MediaStreamTrack };

/**
 * This browser's media in the session router: one receive transport for everything it hears
 * and sees, and (for people on stage) one send transport for camera and microphone.
 */
export class MediaSession {
  readonly #device = new Device();
  readonly #consumers = new Map<string, types.Consumer>();
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #inputReporters = new Map<MediaSource, InputReporter>();
  #recv: types.Transport | undefined;
  #send: types.Transport | undefined;
  #iceRestarts = 0;
  #audioEncoding: { floor: AudioEncoding; interpretation: AudioEncoding } | undefined;

  private constructor(private readonly signaling: SignalingClient) {}

  static async start(signaling: SignalingClient): Promise<MediaSession> {
    const session = new MediaSession(signaling);
    const { rtpCapabilities, audioEncoding } = await signaling.request('media:getRouterRtpCapabilities', {});
    session.#audioEncoding = audioEncoding;
    await session.#device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
    session.#recv = await session.#createTransport('recv');
    return session;
  }

  async consume(producer: ProducerInfo): Promise<ConsumedTrack> {
    const data = await this.signaling.request('media:consume', {
      transportId: this.#recv!.id,
      producerId: producer.id,
      rtpCapabilities: this.#device.recvRtpCapabilities as never,
    });
    const consumer = await this.#recv!.consume({
      id: data.consumerId,
      producerId: data.producerId,
      kind: data.kind,
      rtpParameters: data.rtpParameters as types.RtpParameters,
      // One stream per person on stage: the browser then plays their voice in sync with their picture.
      streamId: `${producer.participantId}:${producer.source === 'interpretation' ? 'interpretation' : 'stage'}`,
    });
    this.#consumers.set(consumer.id, consumer);
    await this.signaling.request('media:resumeConsumer', { consumerId: consumer.id });
    return { consumerId: consumer.id, producer, track: consumer.track };
  }

  /** Stops (or starts again) the packets of a consumer whose tile is out of sight. */
  async setConsumerFlowing(consumerId: string, flowing: boolean): Promise<void> {
    await this.signaling.request(flowing ? 'media:resumeConsumer' : 'media:pauseConsumer', { consumerId });
  }

  async setVideoLayer(consumerId: string, spatialLayer: number): Promise<void> {
    await this.signaling.request('media:setVideoLayer', { consumerId, spatialLayer });
  }

  /** Stops receiving a track, here and on the server. */
  async closeConsumer(consumerId: string): Promise<void> {
    this.dropConsumer(consumerId);
    await this.signaling.request('media:closeConsumer', { consumerId });
  }

  dropConsumer(consumerId: string): void {
    this.#consumers.get(consumerId)?.close();
    this.#consumers.delete(consumerId);
  }

  consumerIdOf(producerId: string): string | undefined {
    return [...this.#consumers.values()].find((c) => c.producerId === producerId)?.id;
  }

  async publish(source: MediaSource, track: MediaStreamTrack): Promise<string> {
    this.#send ??= await this.#createTransport('send');
    const producer = await this.#send.produce({
      track,
      // The person's camera and microphone outlive this media session (re-joins reuse them).
      stopTracks: false,
      appData: { source },
      ...(source === 'camera'
        ? { encodings: CAMERA_LAYERS.map((layer) => ({ ...layer })), codecOptions: { videoGoogleStartBitrate: 1000 } }
        : { codecOptions: this.#opusOptions(source === 'interpretation' ? 'interpretation' : 'floor') }),
    });
    this.#producers.set(source, producer);
    if (source === 'microphone') this.#reportInput(source, producer, track);
    return producer.id;
  }

  /** The floor microphone's own peak and clipping go to the server, for the booths' sound warning. */
  #reportInput(source: MediaSource, producer: types.Producer, track: MediaStreamTrack): void {
    this.#inputReporters.get(source)?.stop();
    const reporter = new InputReporter(track, (report) => {
      if (producer.closed || producer.paused) return;
      this.signaling.request('media:reportInput', { producerId: producer.id, report }).catch(() => undefined);
    });
    this.#inputReporters.set(source, reporter);
    producer.observer.once('close', () => {
      reporter.stop();
      if (this.#inputReporters.get(source) === reporter) this.#inputReporters.delete(source);
    });
  }

  /** Stops sending `source` after the server closed its producer (the floor was taken back). */
  unpublish(source: MediaSource): void {
    this.#inputReporters.get(source)?.stop();
    this.#inputReporters.delete(source);
    this.#producers.get(source)?.close();
    this.#producers.delete(source);
  }

  async setPublishing(source: MediaSource, on: boolean): Promise<void> {
    const producer = this.#producers.get(source);
    if (!producer) return;
    if (on) {
      producer.resume();
      await this.signaling.request('media:resumeProducer', { producerId: producer.id });
    } else {
      producer.pause();
      await this.signaling.request('media:pauseProducer', { producerId: producer.id });
    }
  }

  /** For tests and diagnostics: what the receive transport has decoded so far. */
  async receiveStats(): Promise<ReceiveStats> {
    const totals = { framesDecoded: 0, audioSamplesReceived: 0, audioBytesReceived: 0, audioJitterBufferDelay: 0, audioJitterBufferEmitted: 0 };
    if (!this.#recv) return totals;
    (await this.#recv.getStats()).forEach((report: Record<string, unknown>) => {
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'video') totals.framesDecoded += Number(report.framesDecoded ?? 0);
      if (report.kind === 'audio') {
        totals.audioSamplesReceived += Number(report.totalSamplesReceived ?? 0);
        totals.audioBytesReceived += Number(report.bytesReceived ?? 0);
        totals.audioJitterBufferDelay += Number(report.jitterBufferDelay ?? 0);
        totals.audioJitterBufferEmitted += Number(report.jitterBufferEmittedCount ?? 0);
      }
    });
    return totals;
  }

  /** For tests and diagnostics: what each producer's encoder has sent so far. */
  async sendStats(): Promise<SendStats> {
    const stats: SendStats = {};
    for (const [source, producer] of this.#producers) {
      (await producer.getStats()).forEach((report: Record<string, unknown>) => {
        if (report.type !== 'outbound-rtp') return;
        const previous = stats[source];
        stats[source] = {
          bytesSent: (previous?.bytesSent ?? 0) + Number(report.bytesSent ?? 0),
          packetsSent: (previous?.packetsSent ?? 0) + Number(report.packetsSent ?? 0),
          ...(typeof report.targetBitrate === 'number' ? { targetBitrate: (previous?.targetBitrate ?? 0) + report.targetBitrate } : {}),
          timestamp: Number(report.timestamp),
        };
      });
    }
    return stats;
  }

  /** For tests and diagnostics: how the send and receive transports reach the server (UDP, TCP or a TURN relay). */
  async connectionPaths(): Promise<{ send: ConnectionPath | undefined; recv: ConnectionPath | undefined }> {
    const pathOf = async (transport: types.Transport | undefined) =>
      transport && selectedPath((await transport.getStats()).values() as Iterable<Record<string, unknown>>);
    return { send: await pathOf(this.#send), recv: await pathOf(this.#recv) };
  }

  /** For tests and diagnostics: how many ICE restarts this media session asked for. */
  get iceRestarts(): number {
    return this.#iceRestarts;
  }

  close(): void {
    for (const reporter of this.#inputReporters.values()) reporter.stop();
    this.#inputReporters.clear();
    this.#send?.close();
    this.#recv?.close();
    this.#consumers.clear();
    this.#producers.clear();
  }

  /** Opus fullband, mono, at the server's bitrate for this kind of voice. */
  #opusOptions(kind: 'floor' | 'interpretation'): types.ProducerCodecOptions {
    const encoding = this.#audioEncoding?.[kind];
    return {
      opusStereo: false,
      opusDtx: encoding?.dtx ?? false,
      opusFec: encoding?.fec ?? true,
      opusMaxPlaybackRate: 48_000,
      ...(encoding ? { opusMaxAverageBitrate: encoding.maxAverageBitrate } : {}),
    };
  }

  async #createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const { iceServers, iceTransportPolicy, ...parameters } = await this.signaling.request('media:createTransport', { direction });
    // The TURN servers (with this person's time-limited credentials) are the way in for networks that block UDP.
    const options: types.TransportOptions = { ...(parameters as types.TransportOptions), iceServers, iceTransportPolicy };
    const transport =
      direction === 'send' ? this.#device.createSendTransport(options) : this.#device.createRecvTransport(options);
    restartIceWhenBroken(transport, {
      fresh: async (transportId) => (await this.signaling.request('media:restartIce', { transportId })).iceParameters,
      signalling: () => this.signaling.socket.connected,
      onRestart: () => this.#iceRestarts++,
    });
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      this.signaling
        .request('media:connectTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never })
        .then(() => done(), fail);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
        this.signaling
          .request('media:produce', {
            transportId: transport.id,
            kind,
            rtpParameters: rtpParameters as never,
            source: appData.source as MediaSource,
          })
          .then(({ producerId }) => done({ id: producerId }), fail);
      });
    }
    return transport;
  }
}
