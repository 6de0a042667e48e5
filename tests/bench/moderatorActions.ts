import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import type { RoleGrant } from '@multaqa/shared';
import { SignalingClient } from '../support/signalingClient.ts';
import { percentile } from '../support/stats.ts';
import type { ModeratorLoadOptions, ModeratorLoadReport } from './moderatorLoad.ts';

type Latency = { p50: number; p99: number; max: number; samples: number };
export type ModeratorActionsResult = { listeners: number; quiet: Latency; loaded: Latency; joinWallMs: number };

const summary = (samples: number[]): Latency => ({ p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples), samples: samples.length });

/**
 * A moderator reorders the speaker queue again and again (moderator actions, each told to
 * everyone) while their own connection keeps its media busy (pausing and resuming the four
 * consumers of the stage, as a page does when tiles scroll in and out of sight): first with
 * nobody joining, then while `listeners` real WebRTC listeners (in a child process) join and
 * consume on the same server process. Measured: the moderator's wait, action sent → answer.
 */
export async function moderatorActions(options: ModeratorLoadOptions & { rounds: number }): Promise<ModeratorActionsResult> {
  const script = fileURLToPath(new URL('./moderatorLoad.ts', import.meta.url));
  const load = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const reports = createInterface({ input: load.stdout });
  const exited = new Promise<number | null>((resolve) => load.once('exit', resolve));
  const nextReport = () =>
    Promise.race([
      new Promise<ModeratorLoadReport>((resolve) => reports.once('line', (line) => resolve(JSON.parse(line) as ModeratorLoadReport))),
      exited.then((code) => Promise.reject(new Error(`the listeners' process exited with ${code}`))),
    ]);
  const clients: SignalingClient[] = [];
  const join = async (name: string, grant: RoleGrant, id: string) => {
    const client = await SignalingClient.connect(options.url);
    clients.push(client);
    const ack = await client.join(await issueJoinToken(options.secret, { name, grant, sessionId: options.sessionId, participantId: id }));
    if (!ack.ok) throw new Error(`${name} could not join: ${ack.error.message}`);
    return client;
  };
  try {
    const ready = await nextReport();
    if (!('ready' in ready)) throw new Error('the listeners process did not get ready');
    const moderator = await join('Mona', { role: 'moderator' }, 'bench-mona');
    const { rtpCapabilities } = await moderator.call('media:getRouterRtpCapabilities', {});
    const recv = await moderator.call('media:createTransport', { direction: 'recv' });
    const consumers = await Promise.all(
      ready.producers.map(async (producerId) => (await moderator.call('media:consume', { transportId: recv.id, producerId, rtpCapabilities })).consumerId),
    );
    const hands = ['a', 'b', 'c', 'd'].map((letter) => `bench-hand-${letter}`);
    for (const id of hands) await (await join(id, { role: 'attendee' }, id)).call('queue:raiseHand', {});

    const busyMedia = () =>
      Promise.all(consumers.flatMap((consumerId) => [moderator.request('media:pauseConsumer', { consumerId }), moderator.request('media:resumeConsumer', { consumerId })]));
    let turn = 0;
    const round = async (samples: number[]) => {
      const media = busyMedia();
      const participantId = hands[turn++ % hands.length]!;
      for (const toPosition of [1, hands.length]) {
        const sent = performance.now();
        await moderator.call('queue:move', { participantId, toPosition });
        samples.push(performance.now() - sent);
      }
      await media;
    };

    const quiet: number[] = [];
    for (let i = 0; i < options.rounds; i++) await round(quiet);
    load.stdin.write('join\n');
    let joined: ModeratorLoadReport | undefined;
    void nextReport().then((report) => (joined = report), () => (joined = { joined: true, wallMs: Number.NaN }));
    const loaded: number[] = [];
    while (!joined) {
      await round(loaded);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const wallMs = 'wallMs' in joined ? joined.wallMs : Number.NaN;
    if (Number.isNaN(wallMs)) throw new Error('the listeners did not all join');
    return { listeners: options.listeners, quiet: summary(quiet), loaded: summary(loaded), joinWallMs: wallMs };
  } finally {
    for (const client of clients) client.close();
    load.stdin.end('stop\n');
    await exited;
  }
}
