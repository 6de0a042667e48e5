// Real WebRTC in Node: @roamhq/wrtc under mediasoup-client. A process that loads this must
// leave through process.exit() (wrtc crashes on natural exit); run it as a child process.
import wrtc from '@roamhq/wrtc';
import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import type { JoinResult, MediaSource } from '@multaqa/shared';
import { SignalingClient } from './signalingClient.ts';

Object.assign(globalThis, {
  RTCPeerConnection: wrtc.RTCPeerConnection,
  RTCSessionDescription: wrtc.RTCSessionDescription,
  RTCIceCandidate: wrtc.RTCIceCandidate,
  MediaStream: wrtc.MediaStream,
  MediaStreamTrack: wrtc.MediaStreamTrack,
  RTCRtpSender: wrtc.RTCRtpSender,
  RTCRtpReceiver: wrtc.RTCRtpReceiver,
  RTCRtpTransceiver: wrtc.RTCRtpTransceiver,
  RTCDataChannel: wrtc.RTCDataChannel,
});

/** The sender's tone has an RMS of about 5,600; silence and comfort noise stay far below this. */
const AUDIBLE_RMS = 1_000;
const SAMPLE_RATE = 48_000;
const FRAME = SAMPLE_RATE / 100;

/** One participant with a mediasoup-client Device: joins, sends a tone, receives audio. */
export class NodePeer {
  readonly cleanups: Array<() => void> = [];
  /** The consumer of each producer received (producer id → consumer id). */
  readonly consumerIds = new Map<string, string>();
  #recv: types.Transport | undefined;

  private constructor(
    readonly client: SignalingClient,
    readonly joined: JoinResult,
    readonly device: Device,
  ) {}

  static async join(url: string, token: string): Promise<NodePeer> {
    const client = await SignalingClient.connect(url);
    const ack = await client.join(token);
    if (!ack.ok) {
      client.close();
      throw new Error(`join refused: ${ack.error.code}: ${ack.error.message}`);
    }
    const device = new Device({ handlerName: 'Chrome111' });
    const { rtpCapabilities } = await client.call('media:getRouterRtpCapabilities', {});
    await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
    const peer = new NodePeer(client, ack.data, device);
    peer.cleanups.push(() => client.close());
    return peer;
  }

  async transport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const options = (await this.client.call('media:createTransport', { direction })) as types.TransportOptions;
    if (direction === 'recv') this.#recvIceUfrag = options.iceParameters.usernameFragment;
    const transport = direction === 'send' ? this.device.createSendTransport(options) : this.device.createRecvTransport(options);
    this.cleanups.push(() => transport.close());
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      this.client.call('media:connectTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never }).then(() => done(), fail);
    });
    return transport;
  }

  /**
   * An ICE restart of the receive transport, as the browser client makes one when its network
   * path breaks: new credentials from the server, then new checks. Returns the old and new
   * username fragments.
   */
  async restartReceiveIce(): Promise<{ before: string; after: string }> {
    if (!this.#recv) throw new Error('nothing is being received');
    const before = this.#recvIceUfrag;
    const { iceParameters } = await this.client.call('media:restartIce', { transportId: this.#recv.id });
    await this.#recv.restartIce({ iceParameters: iceParameters as types.IceParameters });
    this.#recvIceUfrag = iceParameters.usernameFragment;
    return { before, after: iceParameters.usernameFragment };
  }

  #recvIceUfrag = '';

  /** Publishes a continuous sine tone as `source`; returns the producer id. */
  async publishTone(source: MediaSource, hz: number): Promise<string> {
    const transport = await this.transport('send');
    transport.on('produce', ({ kind, rtpParameters }, done, fail) => {
      this.client
        .call('media:produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as never, source })
        .then(({ producerId }) => done({ id: producerId }), fail);
    });
    const audio = new wrtc.nonstandard.RTCAudioSource();
    const track = audio.createTrack();
    this.cleanups.push(() => track.stop());
    let phase = 0;
    const timer = setInterval(() => {
      const samples = new Int16Array(FRAME);
      for (let i = 0; i < FRAME; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * phase++) / SAMPLE_RATE));
      audio.onData({ samples, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: FRAME });
    }, 10);
    this.cleanups.push(() => clearInterval(timer));
    const producer = await transport.produce({ track: track as unknown as MediaStreamTrack });
    return producer.id;
  }

  /**
   * Publishes a moving test picture (320x240, 15 fps) as the camera; returns the producer id.
   * `frames: false`: a camera track that never gives a frame (a camera that sends nothing).
   */
  async publishCamera({ frames = true } = {}): Promise<string> {
    const transport = await this.transport('send');
    transport.on('produce', ({ kind, rtpParameters }, done, fail) => {
      this.client
        .call('media:produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as never, source: 'camera' })
        .then(({ producerId }) => done({ id: producerId }), fail);
    });
    const video = new wrtc.nonstandard.RTCVideoSource();
    const track = video.createTrack();
    this.cleanups.push(() => track.stop());
    const width = 320;
    const height = 240;
    const frame = new Uint8Array((width * height * 3) / 2);
    let n = 0;
    const timer = setInterval(() => {
      if (!frames) return;
      // A bar that moves, so every frame differs.
      frame.fill(16, 0, width * height);
      const bar = (n++ * 8) % width;
      for (let y = 0; y < height; y++) frame.fill(235, y * width + bar, y * width + Math.min(width, bar + 16));
      frame.fill(128, width * height);
      video.onFrame({ width, height, data: frame });
    }, 1000 / 15);
    this.cleanups.push(() => clearInterval(timer));
    const producer = await transport.produce({ track: track as unknown as MediaStreamTrack });
    return producer.id;
  }

  /**
   * Consumes a producer and calls `onAudible` for every received 10 ms frame that carries sound
   * (a sink also delivers silence while nothing arrives). Returns the kind consumed.
   */
  async receive(producerId: string, onAudible: () => void): Promise<string> {
    this.#recv ??= await this.transport('recv');
    const data = await this.client.call('media:consume', {
      transportId: this.#recv.id,
      producerId,
      rtpCapabilities: this.device.rtpCapabilities as never,
    });
    const consumer = await this.#recv.consume({
      id: data.consumerId,
      producerId: data.producerId,
      kind: data.kind,
      rtpParameters: data.rtpParameters as types.RtpParameters,
    });
    await this.client.call('media:resumeConsumer', { consumerId: consumer.id });
    this.consumerIds.set(producerId, consumer.id);
    if (data.kind === 'audio') {
      const sink = new wrtc.nonstandard.RTCAudioSink(consumer.track as never);
      this.cleanups.push(() => sink.stop());
      sink.ondata = ({ samples }: { samples: Int16Array }) => {
        let energy = 0;
        for (const sample of samples) energy += sample * sample;
        if (Math.sqrt(energy / samples.length) >= AUDIBLE_RMS) onAudible();
      };
    }
    return data.kind;
  }

  close(): void {
    for (const cleanup of this.cleanups.reverse()) {
      try {
        cleanup();
      } catch {
        // Closing anyway.
      }
    }
    this.cleanups.length = 0;
  }
}
