// A real WebRTC peer in Node (@roamhq/wrtc + mediasoup-client), run as a child process because
// a process that loaded wrtc crashes on natural exit: it always leaves through process.exit().
// Usage: node --import tsx tests/support/wrtcPeer.ts '<json PeerOptions>'
// Reports one JSON object per line on stdout; stops on "stop" (or end) on stdin.
import wrtc from '@roamhq/wrtc';
import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import { createInterface } from 'node:readline';
import type { RequestName } from '@multaqa/shared';
import { SignalingClient } from './signalingClient.ts';

export type PeerOptions = {
  url: string;
  token: string;
  /** `send`: publish a tone; `receive`: consume everything and count audible audio frames. */
  mode: 'send' | 'receive';
  /** What a sender publishes as (default microphone) and its tone (default 440 Hz). */
  source?: 'microphone' | 'interpretation';
  toneHz?: number;
  /** A receiver's language choice, made before it consumes anything (default: the floor). */
  language?: string | null;
};

/** A request the test asks the peer to make on its own connection (one JSON object per stdin line). */
export type PeerCommand = { request: RequestName; payload: unknown };

export type PeerReport =
  | { event: 'joined'; participantId: string }
  | { event: 'produced'; producerId: string }
  | { event: 'consuming'; producerId: string; kind: string }
  /** Counts of received 10 ms audio frames that carry sound (not silence), per producer. */
  | { event: 'frames'; total: number; byProducer: Record<string, number> }
  | { event: 'producerClosed'; producerId: string }
  | { event: 'ack'; request: string; ack: unknown }
  | { event: 'error'; message: string };

/** The sender's tone has an RMS of about 5,600; silence and comfort noise stay far below this. */
const AUDIBLE_RMS = 1_000;

const report = (line: PeerReport) => process.stdout.write(`${JSON.stringify(line)}\n`);

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

const cleanups: Array<() => void> = [];
function exit(code: number): never {
  for (const cleanup of cleanups.reverse()) {
    try {
      cleanup();
    } catch {
      // Leaving anyway.
    }
  }
  process.exit(code);
}

async function main(options: PeerOptions): Promise<void> {
  const client = await SignalingClient.connect(options.url);
  cleanups.push(() => client.close());
  const joined = await client.join(options.token);
  if (!joined.ok) throw new Error(`join refused: ${joined.error.code}: ${joined.error.message}`);
  report({ event: 'joined', participantId: joined.data.self.id });
  commandHandler = (command) =>
    void client
      .request(command.request, command.payload as never)
      .then((ack) => report({ event: 'ack', request: command.request, ack }), fail);
  if (options.language !== undefined) await client.call('interpretation:selectLanguage', { language: options.language });

  const device = new Device({ handlerName: 'Chrome111' });
  const { rtpCapabilities } = await client.call('media:getRouterRtpCapabilities', {});
  await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });

  const transportFor = async (direction: 'send' | 'recv') => {
    const options = await client.call('media:createTransport', { direction });
    const transport =
      direction === 'send'
        ? device.createSendTransport(options as types.TransportOptions)
        : device.createRecvTransport(options as types.TransportOptions);
    cleanups.push(() => transport.close());
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      client
        .call('media:connectTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never })
        .then(() => done(), fail);
    });
    return transport;
  };

  if (options.mode === 'send') {
    const transport = await transportFor('send');
    transport.on('produce', ({ kind, rtpParameters }, done, fail) => {
      client
        .call('media:produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as never, source: options.source ?? 'microphone' })
        .then(({ producerId }) => done({ id: producerId }), fail);
    });
    const source = new wrtc.nonstandard.RTCAudioSource();
    const track = source.createTrack();
    cleanups.push(() => track.stop());
    const sampleRate = 48_000;
    const toneHz = options.toneHz ?? 440;
    const frame = sampleRate / 100;
    let phase = 0;
    const timer = setInterval(() => {
      const samples = new Int16Array(frame);
      for (let i = 0; i < frame; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * toneHz * phase++) / sampleRate));
      source.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: frame });
    }, 10);
    cleanups.push(() => clearInterval(timer));
    const producer = await transport.produce({ track: track as unknown as MediaStreamTrack });
    report({ event: 'produced', producerId: producer.id });
    return;
  }

  const transport = await transportFor('recv');
  const byProducer: Record<string, number> = {};
  let total = 0;
  const consume = async (producerId: string) => {
    const data = await client.call('media:consume', {
      transportId: transport.id,
      producerId,
      rtpCapabilities: device.rtpCapabilities as never,
    });
    const consumer = await transport.consume({
      id: data.consumerId,
      producerId: data.producerId,
      kind: data.kind,
      rtpParameters: data.rtpParameters as types.RtpParameters,
    });
    await client.call('media:resumeConsumer', { consumerId: consumer.id });
    report({ event: 'consuming', producerId, kind: data.kind });
    if (data.kind !== 'audio') return;
    const sink = new wrtc.nonstandard.RTCAudioSink(consumer.track as never);
    cleanups.push(() => sink.stop());
    byProducer[producerId] = 0;
    // Count only frames that carry the tone: a sink also delivers silence while nothing arrives.
    sink.ondata = ({ samples }: { samples: Int16Array }) => {
      let energy = 0;
      for (const sample of samples) energy += sample * sample;
      if (Math.sqrt(energy / samples.length) < AUDIBLE_RMS) return;
      total++;
      byProducer[producerId] = (byProducer[producerId] ?? 0) + 1;
    };
  };
  client.socket.on('producer:added', ({ producer }) => void consume(producer.id).catch(fail));
  client.socket.on('producer:closed', ({ producerId }) => report({ event: 'producerClosed', producerId }));
  for (const producer of joined.data.producers) await consume(producer.id);
  const timer = setInterval(() => report({ event: 'frames', total, byProducer }), 250);
  cleanups.push(() => clearInterval(timer));
}

function fail(error: unknown): void {
  report({ event: 'error', message: error instanceof Error ? error.message : String(error) });
  exit(1);
}

let commandHandler: (command: PeerCommand) => void = () => undefined;
const options = JSON.parse(process.argv[2] ?? '{}') as PeerOptions;
createInterface({ input: process.stdin })
  .on('line', (line) => (line.trim() === 'stop' ? exit(0) : commandHandler(JSON.parse(line) as PeerCommand)))
  .on('close', () => exit(0));
main(options).catch(fail);
