// UDP receivers for the consumers-per-worker benchmark, in their own process (so the counting
// does not share the worker's core with the server). Prints its ports as one JSON line; each
// stdin line "report" answers with the packets and the loss per RTP stream seen so far.
// RTP headers are not encrypted by SRTP: the sequence numbers are read as they arrive.
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';

type Stream = { first: number; highest: number; cycles: number; received: number };

const sockets = Number(process.argv[2] ?? 4);
const streams = new Map<number, Stream>();

function onPacket(packet: Buffer): void {
  if (packet.length < 12 || packet[1]! >= 192 && packet[1]! <= 223) return; // RTCP
  const seq = packet.readUInt16BE(2);
  const ssrc = packet.readUInt32BE(8);
  const stream = streams.get(ssrc);
  if (!stream) {
    streams.set(ssrc, { first: seq, highest: seq, cycles: 0, received: 1 });
    return;
  }
  stream.received++;
  const delta = (seq - stream.highest + 65536) % 65536;
  if (delta > 0 && delta < 32768) {
    if (seq < stream.highest) stream.cycles += 65536;
    stream.highest = seq;
  }
}

const ports: number[] = [];
for (let index = 0; index < sockets; index++) {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 16 * 2 ** 20 });
  socket.on('message', onPacket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  ports.push(socket.address().port);
}
process.stdout.write(`${JSON.stringify({ ports })}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  let received = 0;
  let expected = 0;
  for (const stream of streams.values()) {
    received += stream.received;
    expected += stream.cycles + stream.highest - stream.first + 1;
  }
  process.stdout.write(`${JSON.stringify({ streams: streams.size, received, expected })}\n`);
});
