// Signalling with the clients out of the server's process: client fleets (child processes) joined
// to one or two Multaqa server processes (children too), or to a plain Socket.IO server.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import type { FleetOptions } from './clientFleet.ts';
import type { FanOutResult } from './queueFanOut.ts';
import { percentile } from '../support/stats.ts';
import { LIFTED_ADDRESS_LIMITS } from '../support/testLimits.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const wallClock = () => performance.timeOrigin + performance.now();

type Child = { process: ChildProcess; lines: AsyncIterator<string> };

function start(args: string[], env: NodeJS.ProcessEnv = process.env): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
  return { process: child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
}

async function nextLine(child: Child, match: (line: string) => boolean, what: string): Promise<string> {
  for (;;) {
    const { value, done } = await child.lines.next();
    if (done) throw new Error(`${what} ended early`);
    if (match(value)) return value;
  }
}

/** A Multaqa server process as `npm start` runs it (one worker: media is not measured here). */
async function startServer(redisUrl: string, secret: string): Promise<{ url: string; child: Child }> {
  const child = start(['server/src/cli/start.ts'], {
    ...process.env,
    REDIS_URL: redisUrl,
    TOKEN_SECRET: secret,
    PORT: '0',
    HOST: '127.0.0.1',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'error',
    ...LIFTED_ADDRESS_LIMITS,
  });
  const line = await nextLine(child, (l) => /Multaqa is running at/.test(l), 'server');
  return { url: /(http:\/\/\S+)/.exec(line)![1]!, child };
}

function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

type Fleet = { child: Child; joined: Promise<number[]> };

function startFleet(options: FleetOptions): Fleet {
  const child = start([fileURLToPath(new URL('./clientFleet.ts', import.meta.url)), JSON.stringify(options)]);
  const joined = nextLine(child, (l) => l.includes('"joined"') || l.includes('"error"'), 'client fleet').then((line) => {
    const report = JSON.parse(line) as { event: string; latencies?: number[]; message?: string };
    if (report.event !== 'joined') throw new Error(`client fleet: ${report.message}`);
    return report.latencies!;
  });
  return { child, joined };
}

async function arrivals(fleet: Fleet): Promise<number[]> {
  const line = await nextLine(fleet.child, (l) => l.includes('"arrivals"'), 'client fleet');
  return (JSON.parse(line) as { times: number[] }).times;
}

export type SpreadResult = FanOutResult & { label: string; payloadBytes: number };

export type JoinSpreadResult = { clients: number; processes: number; rate: number; joinP50: number; joinP99: number; joinMax: number; rssPerParticipant: number };

/** Each server layout gets its own session: the queue in Redis outlives a run. */
const sessionFor = (processes: number) => ['plenary-3', 'plenary-4', 'plenary-5'][processes]!;

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      return exited;
    }),
  );
}

/** Two attendees with raised hands and a moderator who moves the second to the top each round. */
async function moderatorWithTwoHands(url: string, secret: string, sessionId: string) {
  const connect = async (participantId: string, role: 'attendee' | 'moderator') => {
    const client = await SignalingClient.connect(url);
    const ack = await client.join(await issueJoinToken(secret, { name: participantId, participantId, sessionId, grant: { role } }));
    if (!ack.ok) throw new Error(ack.error.message);
    return client;
  };
  const hands = [await connect('spread-hand-0', 'attendee'), await connect('spread-hand-1', 'attendee')];
  for (const hand of hands) await hand.call('queue:raiseHand', {});
  const moderator = await connect('spread-moderator', 'moderator');
  return { moderator, close: () => [...hands, moderator].forEach((client) => client.close()) };
}

/**
 * Moderator action → every client has the new queue, `clients` clients in two fleet processes
 * over `processes` Multaqa processes; or (`processes` 0) the same payload broadcast by plain Socket.IO.
 */
export async function spreadFanOut(options: { redisUrl: string; secret: string; processes: number; clients: number; rounds: number }): Promise<SpreadResult> {
  const children: ChildProcess[] = [];
  const closers: Array<() => void> = [];
  try {
    const plain = options.processes === 0;
    let urls: string[];
    if (plain) {
      const child = start([fileURLToPath(new URL('./plainServer.ts', import.meta.url))]);
      children.push(child.process);
      urls = [await nextLine(child, (l) => l.startsWith('http'), 'plain server')];
    } else {
      const servers = await Promise.all(Array.from({ length: options.processes }, () => startServer(options.redisUrl, options.secret)));
      children.push(...servers.map((server) => server.child.process));
      urls = servers.map((server) => server.url);
    }
    const fleets = [0, 1].map((index) =>
      startFleet({
        urls,
        plain,
        secret: options.secret,
        sessionId: sessionFor(options.processes),
        idPrefix: `spread-${index}`,
        count: Math.ceil(options.clients / 2) - (index === 1 ? options.clients % 2 : 0),
        rate: 1_000,
      }),
    );
    children.push(...fleets.map((fleet) => fleet.child.process));
    await Promise.all(fleets.map((fleet) => fleet.joined));

    // Each round makes the same change: one of two hands goes to the top of the queue.
    let act: (top: string) => Promise<void>;
    let payloadBytes = 0;
    if (plain) {
      const control = io(urls[0]!, { transports: ['websocket'], query: { control: '1' } });
      await new Promise<void>((resolve) => control.once('connect', () => resolve()));
      closers.push(() => control.close());
      act = async (top) => {
        const other = top === 'spread-hand-0' ? 'spread-hand-1' : 'spread-hand-0';
        const queue = { entries: [top, other].map((participantId) => ({ participantId, name: participantId, kind: 'normal', raisedAt: Date.now() })), current: null, version: 1 };
        payloadBytes = JSON.stringify({ queue }).length;
        control.emit('broadcast', { queue });
      };
    } else {
      const { moderator, close } = await moderatorWithTwoHands(urls[0]!, options.secret, sessionFor(options.processes));
      closers.push(close);
      act = async (top) => {
        const { queue } = await moderator.call('queue:move', { participantId: top, toPosition: 1 });
        payloadBytes = JSON.stringify({ queue }).length;
      };
    }

    const lasts: number[] = [];
    const each: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const top = `spread-hand-${round % 2 === 0 ? 1 : 0}`;
      for (const fleet of fleets) fleet.child.process.stdin!.write(`expect ${top}\n`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent = wallClock();
      const received = Promise.all(fleets.map(arrivals));
      await act(top);
      const times = (await received).flat().map((time) => time - sent);
      lasts.push(Math.max(...times));
      each.push(...times);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return {
      label: plain ? 'plain Socket.IO, one process' : `Multaqa, ${options.processes} process${options.processes > 1 ? 'es' : ''}`,
      clients: options.clients,
      rounds: options.rounds,
      lastP50: percentile(lasts, 50),
      lastP99: percentile(lasts, 99),
      eachP50: percentile(each, 50),
      eachP99: percentile(each, 99),
      payloadBytes,
    };
  } finally {
    for (const close of closers) close();
    await stopAll(children);
  }
}

/** `clients` attendees join one session at `rate` per second, from two fleets, over `processes` server processes. */
export async function spreadJoin(options: { redisUrl: string; secret: string; processes: number; clients: number; rate: number }): Promise<JoinSpreadResult> {
  const children: ChildProcess[] = [];
  try {
    const servers = await Promise.all(Array.from({ length: options.processes }, () => startServer(options.redisUrl, options.secret)));
    children.push(...servers.map((server) => server.child.process));
    const urls = servers.map((server) => server.url);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // let the servers settle
    const rssBefore = servers.map((server) => rssOf(server.child.process.pid!));
    const fleets = [0, 1].map((index) =>
      startFleet({
        urls,
        plain: false,
        secret: options.secret,
        sessionId: 'plenary-6',
        idPrefix: `storm-${index}`,
        count: options.clients / 2,
        rate: options.rate / 2,
      }),
    );
    children.push(...fleets.map((fleet) => fleet.child.process));
    const latencies = (await Promise.all(fleets.map((fleet) => fleet.joined))).flat();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // counts broadcast, garbage collected
    const rssAfter = servers.map((server) => rssOf(server.child.process.pid!));
    const growth = rssAfter.reduce((sum, rss, index) => sum + rss - rssBefore[index]!, 0);
    return {
      clients: options.clients,
      processes: options.processes,
      rate: options.rate,
      joinP50: percentile(latencies, 50),
      joinP99: percentile(latencies, 99),
      joinMax: Math.max(...latencies),
      rssPerParticipant: growth / options.clients,
    };
  } finally {
    await stopAll(children);
  }
}
