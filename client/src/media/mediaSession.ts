import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import type { MediaSource, ProducerInfo } from '@multaqa/shared';
import type { SignalingClient } from '../signaling/signalingClient.ts';
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
  #recv: types.Transport | undefined;
  #send: types.Transport | undefined;

  private constructor(private readonly signaling: SignalingClient) {}

  static async start(signaling: SignalingClient): Promise<MediaSession> {
    const session = new MediaSession(signaling);
    const { rtpCapabilities } = await signaling.request('media:getRouterRtpCapabilities', {});
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
        : { codecOptions: { opusDtx: false } }),
    });
    this.#producers.set(source, producer);
    return producer.id;
  }

  /** Stops sending `source` after the server closed its producer (the floor was taken back). */
  unpublish(source: MediaSource): void {
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
  async receiveStats(): Promise<{ framesDecoded: number; audioSamplesReceived: number; audioBytesReceived: number }> {
    const totals = { framesDecoded: 0, audioSamplesReceived: 0, audioBytesReceived: 0 };
    if (!this.#recv) return totals;
    (await this.#recv.getStats()).forEach((report: Record<string, unknown>) => {
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'video') totals.framesDecoded += Number(report.framesDecoded ?? 0);
      if (report.kind === 'audio') {
        totals.audioSamplesReceived += Number(report.totalSamplesReceived ?? 0);
        totals.audioBytesReceived += Number(report.bytesReceived ?? 0);
      }
    });
    return totals;
  }

  close(): void {
    this.#send?.close();
    this.#recv?.close();
    this.#consumers.clear();
    this.#producers.clear();
  }

  async #createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const options = (await this.signaling.request('media:createTransport', { direction })) as types.TransportOptions;
    const transport =
      direction === 'send' ? this.#device.createSendTransport(options) : this.#device.createRecvTransport(options);
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
