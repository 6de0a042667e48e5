// Many Socket.IO clients in one process of their own, for benchmarks that keep the clients out
// of the server's process. Usage: node --import tsx tests/bench/clientFleet.ts '<json FleetOptions>'
// Prints JSON lines: {event:'joined', latencies} once all joined, then one {event:'arrivals', times}
// per "expect <participantId>" line on stdin, when every client has a queue with that person on top.
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { SignalingClient } from '../support/signalingClient.ts';

export type FleetOptions = {
  /** Multaqa servers (clients are spread over them in turn), or one plain Socket.IO server. */
  urls: string[];
  plain: boolean;
  secret: string;
  sessionId: string;
  idPrefix: string;
  count: number;
  /** Joins started per second by this fleet. */
  rate: number;
};

type QueuePayload = { queue: { entries: Array<{ participantId: string }> } };
type Listener = { onQueue: (handler: (payload: QueuePayload) => void) => void };

const options = JSON.parse(process.argv[2] ?? '{}') as FleetOptions;
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const wallClock = () => performance.timeOrigin + performance.now();

async function connectOne(index: number): Promise<{ listener: Listener; latency: number }> {
  const url = options.urls[index % options.urls.length]!;
  if (options.plain) {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    const sent = performance.now();
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { listener: { onQueue: (handler) => socket.on('queue:changed', handler) }, latency: performance.now() - sent };
  }
  const participantId = `${options.idPrefix}-${index}`;
  const token = await issueJoinToken(options.secret, { name: `Listener ${index}`, participantId, sessionId: options.sessionId, grant: { role: 'attendee' } });
  const client = await SignalingClient.connect(url);
  const sent = performance.now();
  const ack = await client.join(token);
  const latency = performance.now() - sent;
  if (!ack.ok) throw new Error(`join refused: ${ack.error.code} ${ack.error.message}`);
  // The test client keeps every notification it gets; a benchmark client, like the plain one, does not.
  client.socket.offAny();
  return { listener: { onQueue: (handler) => client.socket.on('queue:changed', handler as never) }, latency };
}

async function main(): Promise<void> {
  const listeners: Listener[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.count }, async (_, index) => {
      const due = started + (index * 1000) / options.rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const { listener, latency } = await connectOne(index);
      listeners.push(listener);
      latencies.push(latency);
    }),
  );
  let expected: string | undefined;
  let round = 0;
  let arrivals: number[] = [];
  for (const listener of listeners) {
    let seenRound = -1;
    listener.onQueue(({ queue }) => {
      const top = queue.entries[0]?.participantId;
      if (top === undefined || top !== expected || seenRound === round) return;
      seenRound = round;
      arrivals.push(wallClock());
      if (arrivals.length === listeners.length) {
        say({ event: 'arrivals', times: arrivals });
        arrivals = [];
      }
    });
  }
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, argument] = line.trim().split(' ');
    if (command === 'expect') {
      expected = argument;
      round++;
      arrivals = [];
    }
    if (command === 'stop') process.exit(0);
  });
  say({ event: 'joined', latencies });
}

main().catch((error: unknown) => {
  say({ event: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
