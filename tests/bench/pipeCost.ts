// The cost of a pipe between server processes: `producers` Opus producers on a router of one
// worker; listeners consume them either on that router ("same process") or on a router of a
// second worker reached through a PipeTransport pair with SRTP and RTX over UDP — exactly what
// two server processes set up (ProcessPipes). The sender stamps each packet with its send
// time; the receivers (plain RTP, so the stamp is readable) measure the delay.
import { createSocket } from 'node:dgram';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '@multaqa/server/media/mediaCodecs.ts';
import { percentile } from '../support/stats.ts';

export type PipeCostResult = { path: 'same process' | 'piped'; producers: number; samples: number; p50: number; p99: number; workersCpu: number };

const PPS = 50;

function payloadOffset(packet: Buffer): number {
  let offset = 12 + (packet[0]! & 0x0f) * 4;
  if (packet[0]! & 0x10) offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  return offset;
}

async function usage(workers: types.Worker[]): Promise<number> {
  let total = 0;
  for (const worker of workers) {
    const { ru_utime, ru_stime } = await worker.getResourceUsage();
    total += ru_utime + ru_stime;
  }
  return total;
}

export async function pipeCost(options: { producers: number; seconds: number; piped: boolean }): Promise<PipeCostResult> {
  const workers = [await mediasoup.createWorker({ logLevel: 'error' }), await mediasoup.createWorker({ logLevel: 'error' })];
  const sink = createSocket({ type: 'udp4', recvBufferSize: 8 * 2 ** 20 });
  const sender = createSocket('udp4');
  const delays: number[] = [];
  let recording = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const [home, far] = await Promise.all(workers.map((worker) => worker.createRouter({ mediaCodecs: MEDIA_CODECS })));
    sink.on('message', (packet) => {
      if (!recording || packet.length < 12 || (packet[1]! >= 192 && packet[1]! <= 223)) return;
      delays.push(performance.now() - packet.readDoubleBE(payloadOffset(packet)));
    });
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', () => resolve()));
    const source = await home!.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
    const producers: types.Producer[] = [];
    for (let index = 0; index < options.producers; index++) {
      producers.push(
        await source.produce({
          kind: 'audio',
          rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 5000 + index }] },
        }),
      );
    }
    let listenRouter = home!;
    if (options.piped) {
      const pipeOptions = { listenInfo: { protocol: 'udp' as const, ip: '127.0.0.1' }, enableSrtp: true, enableRtx: true };
      const [out, into] = [await home!.createPipeTransport(pipeOptions), await far!.createPipeTransport(pipeOptions)];
      await out.connect({ ip: '127.0.0.1', port: into.tuple.localPort, srtpParameters: into.srtpParameters });
      await into.connect({ ip: '127.0.0.1', port: out.tuple.localPort, srtpParameters: out.srtpParameters });
      for (const producer of producers) {
        const pipeConsumer = await out.consume({ producerId: producer.id });
        await into.produce({ id: producer.id, kind: 'audio', rtpParameters: pipeConsumer.rtpParameters });
      }
      listenRouter = far!;
    }
    for (const producer of producers) {
      const listener = await listenRouter.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
      await listener.connect({ ip: '127.0.0.1', port: sink.address().port });
      await listener.consume({ producerId: producer.id, rtpCapabilities: listenRouter.rtpCapabilities });
    }

    let seq = 0;
    const started = performance.now();
    timer = setInterval(() => {
      while (seq < ((performance.now() - started) / 1000) * PPS) {
        for (let index = 0; index < options.producers; index++) {
          const packet = Buffer.alloc(12 + 100);
          packet[0] = 0x80;
          packet[1] = 100;
          packet.writeUInt16BE(seq & 0xffff, 2);
          packet.writeUInt32BE((seq * 960) >>> 0, 4);
          packet.writeUInt32BE(5000 + index, 8);
          packet.writeDoubleBE(performance.now(), 12);
          sender.send(packet, source.tuple.localPort, '127.0.0.1');
        }
        seq++;
      }
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cpuBefore = await usage(workers);
    const wallBefore = performance.now();
    recording = true;
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1_000));
    recording = false;
    const workersCpu = (await usage(workers)) - cpuBefore;
    const wall = performance.now() - wallBefore;
    return {
      path: options.piped ? 'piped' : 'same process',
      producers: options.producers,
      samples: delays.length,
      p50: percentile(delays, 50),
      p99: percentile(delays, 99),
      workersCpu: workersCpu / wall,
    };
  } finally {
    clearInterval(timer);
    sender.close();
    sink.close();
    for (const worker of workers) worker.close();
  }
}
