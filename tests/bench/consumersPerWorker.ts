// Consumers per mediasoup worker: one Opus producer and (optionally) one 360p VP8 producer in a
// router of one worker; `listeners` PlainTransports with SRTP each consume them and send to UDP
// receivers in another process, which count packets and sequence gaps. Measures what the
// worker forwards, what is lost, and the worker's own CPU time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '@multaqa/server/media/mediaCodecs.ts';

export type ConsumerLoadResult = {
  listeners: number;
  consumers: number;
  seconds: number;
  /** Packets the source sent per second (audio + video). */
  sourcePps: number;
  /** Packets the worker forwarded to the receivers per second (what arrived). */
  forwardedPps: number;
  /** Share of the packets owed to the receivers (sent × listeners) that did not arrive. */
  loss: number;
  /** Share missing by the sequence numbers of the streams that arrived. */
  gapLoss: number;
  /** The worker's CPU time over wall time (1 = one core busy). */
  workerCpu: number;
};

const AUDIO_PPS = 50; // one 20 ms Opus frame per packet
const VIDEO_PPS = 60; // ~360p at ~500 kbit/s in 1,100-byte packets
const AUDIO_SSRC = 1111;
const VIDEO_SSRC = 2222;

/** A VP8 payload that mediasoup reads as the start of a key frame, so every consumer forwards at once. */
function vp8Payload(size: number): Buffer {
  const payload = Buffer.alloc(size);
  payload[0] = 0x10; // descriptor: start of partition 0
  // frame tag with P = 0 (key frame), then the key-frame start code and 640 × 360
  Buffer.from([0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01]).copy(payload, 1);
  return payload;
}

function rtpPacket(payloadType: number, seq: number, timestamp: number, ssrc: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = payloadType;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, payload]);
}

type Sink = { ports: number[]; report: () => Promise<{ received: number; expected: number }>; stop: () => void };

async function startSink(sockets: number): Promise<Sink> {
  const script = fileURLToPath(new URL('./udpSink.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, String(sockets)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const { ports } = JSON.parse(await next()) as { ports: number[] };
  return {
    ports,
    report: async () => {
      const answer = next();
      child.stdin!.write('report\n');
      // A receiver process flooded past what this machine can take stops answering in time.
      const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the receivers are saturated (no report in 10 s)')), 10_000).unref());
      return JSON.parse(await Promise.race([answer, late])) as { received: number; expected: number };
    },
    stop: () => child.kill(),
  };
}

export type SrtpSuite = 'AES_CM_128_HMAC_SHA1_80' | 'AEAD_AES_128_GCM' | 'AEAD_AES_256_GCM';

/** Master key + salt lengths: AES-CM 16 + 14, AES-128-GCM 16 + 12, AES-256-GCM 32 + 12 bytes. */
const KEY_BYTES: Record<SrtpSuite, number> = { AES_CM_128_HMAC_SHA1_80: 30, AEAD_AES_128_GCM: 28, AEAD_AES_256_GCM: 44 };

export async function consumersPerWorker(options: { listeners: number; video: boolean; seconds: number; srtp: SrtpSuite }): Promise<ConsumerLoadResult> {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const sink = await startSink(4);
  const sender = createSocket('udp4');
  let timer: NodeJS.Timeout | undefined;
  try {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const source = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
    const producers: types.Producer[] = [
      await source.produce({
        kind: 'audio',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: AUDIO_SSRC }] },
      }),
    ];
    if (options.video) {
      producers.push(
        await source.produce({
          kind: 'video',
          rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: VIDEO_SSRC }] },
        }),
      );
    }

    for (let index = 0; index < options.listeners; index++) {
      const transport = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
        enableSrtp: true,
        srtpCryptoSuite: options.srtp,
      });
      await transport.connect({
        ip: '127.0.0.1',
        port: sink.ports[index % sink.ports.length]!,
        srtpParameters: { cryptoSuite: options.srtp, keyBase64: randomBytes(KEY_BYTES[options.srtp]).toString('base64') },
      });
      for (const producer of producers) await transport.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    }

    // The source: Opus every 20 ms and VP8 at 60 packets/s, from this process.
    const audioPayload = randomBytes(120);
    const videoPayload = vp8Payload(1_100);
    let audioSeq = 0;
    let videoSeq = 0;
    let sent = 0;
    const started = Date.now();
    timer = setInterval(() => {
      const elapsed = (Date.now() - started) / 1000;
      while (audioSeq < elapsed * AUDIO_PPS) {
        sender.send(rtpPacket(100, audioSeq, audioSeq * 960, AUDIO_SSRC, audioPayload), source.tuple.localPort, '127.0.0.1');
        audioSeq++;
        sent++;
      }
      while (options.video && videoSeq < elapsed * VIDEO_PPS) {
        sender.send(rtpPacket(101, videoSeq, videoSeq * 1500, VIDEO_SSRC, videoPayload), source.tuple.localPort, '127.0.0.1');
        videoSeq++;
        sent++;
      }
    }, 5);

    await new Promise((resolve) => setTimeout(resolve, 2_000)); // warm up
    const usage = async () => {
      const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the worker is saturated (no answer in 10 s)')), 10_000).unref());
      const { ru_utime, ru_stime } = await Promise.race([worker.getResourceUsage(), late]);
      return ru_utime + ru_stime;
    };
    const [cpuBefore, countBefore, sentBefore, wallBefore] = [await usage(), await sink.report(), sent, Date.now()];
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1_000));
    const [cpuAfter, countAfter, sentAfter, wallAfter] = [await usage(), await sink.report(), sent, Date.now()];
    const wall = (wallAfter - wallBefore) / 1000;
    const received = countAfter.received - countBefore.received;
    const expected = countAfter.expected - countBefore.expected;
    return {
      listeners: options.listeners,
      consumers: options.listeners * producers.length,
      seconds: wall,
      sourcePps: (sentAfter - sentBefore) / wall,
      forwardedPps: received / wall,
      loss: Math.max(0, 1 - received / ((sentAfter - sentBefore) * options.listeners)),
      gapLoss: expected > 0 ? Math.max(0, 1 - received / expected) : 1,
      workerCpu: (cpuAfter - cpuBefore) / 1000 / wall,
    };
  } finally {
    clearInterval(timer);
    sender.close();
    sink.stop();
    worker.close();
  }
}
