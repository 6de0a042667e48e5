// A real WebRTC peer in Node, run as a child process by PeerProcess (see nodeWebRtc.ts).
// Usage: node --import tsx tests/support/wrtcPeer.ts '<json PeerOptions>'
// Reports one JSON object per line on stdout; takes requests (JSON lines) or "stop" on stdin.
import { createInterface } from 'node:readline';
import type { RequestName } from '@multaqa/shared';
import { NodePeer } from './nodeWebRtc.ts';

export type PeerOptions = {
  url: string;
  token: string;
  /** `send`: publish a tone; `receive`: consume everything and count audible audio frames. */
  mode: 'send' | 'receive';
  /** What a sender publishes as (default microphone) and its tone (default 440 Hz). */
  source?: 'microphone' | 'interpretation';
  toneHz?: number;
  /** A sender also publishes a camera (a moving test picture; `blank`: a camera track that never gives a frame). */
  camera?: boolean | 'blank';
  /** A receiver's language choice, made before it consumes anything (default: the floor). */
  language?: string | null;
  /**
   * A receiver whose server goes away joins again through these, in turn (as a load balancer
   * sends a reconnecting browser to a live server), and consumes everything again.
   */
  fallbackUrls?: string[];
  /** More receivers in this same process (peers 1, 2, …; the first token is peer 0), each counted apart. */
  moreTokens?: string[];
};

/**
 * A request the test asks the peer to make on its own connection (one JSON object per stdin
 * line), or an ICE restart of its receive transport.
 */
export type PeerCommand = { request: RequestName; payload: unknown } | { restartIce: true };

export type PeerReport =
  | { event: 'joined'; participantId: string; url: string; peer: number }
  | { event: 'produced'; producerId: string; kind?: 'audio' | 'video' }
  | { event: 'consuming'; producerId: string; kind: string }
  /** Counts of received 10 ms audio frames that carry sound (not silence), per producer. */
  | { event: 'frames'; total: number; byProducer: Record<string, number>; byPeer: Record<string, Record<string, number>> }
  | { event: 'producerClosed'; producerId: string }
  | { event: 'ownSound'; producerId: string; status: string; problems: string[] }
  | { event: 'ack'; request: string; ack: unknown }
  | { event: 'iceRestarted'; before: string; after: string }
  | { event: 'error'; message: string };

const report = (line: PeerReport) => process.stdout.write(`${JSON.stringify(line)}\n`);

const running = new Map<number, NodePeer>();
function exit(code: number): never {
  for (const peer of running.values()) peer.close();
  process.exit(code);
}

function fail(error: unknown): void {
  report({ event: 'error', message: error instanceof Error ? error.message : String(error) });
  exit(1);
}

const byProducer: Record<string, number> = {};
const byPeer: Record<string, Record<string, number>> = {};
let total = 0;
let framesTimer: NodeJS.Timeout | undefined;

async function main(options: PeerOptions, url = options.url, index = 0, token = options.token): Promise<void> {
  const peer = await NodePeer.join(url, token);
  running.set(index, peer);
  const { client } = peer;
  report({ event: 'joined', participantId: peer.joined.self.id, url, peer: index });
  if (index === 0) {
    commandHandler = (command) => {
      if ('restartIce' in command) void peer.restartReceiveIce().then((ufrags) => report({ event: 'iceRestarted', ...ufrags }), fail);
      else void client.request(command.request, command.payload as never).then((ack) => report({ event: 'ack', request: command.request, ack }), fail);
    };
  }
  if (options.language !== undefined) await client.call('interpretation:selectLanguage', { language: options.language });

  // A sender is told how its own microphone arrives.
  client.socket.on('sound:ownInput', ({ producerId, quality }) => report({ event: 'ownSound', producerId, status: quality.status, problems: quality.problems }));
  if (options.mode === 'send') {
    report({ event: 'produced', producerId: await peer.publishTone(options.source ?? 'microphone', options.toneHz ?? 440), kind: 'audio' });
    if (options.camera) report({ event: 'produced', producerId: await peer.publishCamera({ frames: options.camera !== 'blank' }), kind: 'video' });
    return;
  }

  const receiving = peer;
  const mine = (byPeer[index] ??= {});
  const consume = async (producerId: string) => {
    byProducer[producerId] ??= 0;
    const kind = await receiving.receive(producerId, () => {
      total++;
      byProducer[producerId] = (byProducer[producerId] ?? 0) + 1;
      mine[producerId] = (mine[producerId] ?? 0) + 1;
    });
    if (index === 0) report({ event: 'consuming', producerId, kind });
  };
  client.socket.on('producer:added', ({ producer }) => void consume(producer.id).catch(fail));
  client.socket.on('producer:closed', ({ producerId }) => report({ event: 'producerClosed', producerId }));
  for (const producer of peer.joined.producers) await consume(producer.id);
  framesTimer ??= setInterval(() => report({ event: 'frames', total, byProducer, byPeer }), 250);
  const fallbacks = [...(options.fallbackUrls ?? [])];
  client.socket.once('disconnect', () => {
    const next = fallbacks.shift();
    if (next === undefined) return;
    receiving.close();
    void main({ ...options, fallbackUrls: fallbacks }, next, index, token).catch(fail);
  });
}

let commandHandler: (command: PeerCommand) => void = () => undefined;
const options = JSON.parse(process.argv[2] ?? '{}') as PeerOptions;
createInterface({ input: process.stdin })
  .on('line', (line) => (line.trim() === 'stop' ? exit(0) : commandHandler(JSON.parse(line) as PeerCommand)))
  .on('close', () => exit(0));
Promise.all([
  main(options),
  ...(options.mode === 'receive' ? (options.moreTokens ?? []) : []).map((token, index) => main(options, options.url, index + 1, token)),
]).catch(fail);
