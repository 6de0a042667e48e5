import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import type { Ack, Booth, SpeakerQueue } from '@multaqa/shared';
import { JoinedClients, type JoinedClient } from '../support/joinedClients.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { frenchChannelHeard } from '../support/frenchChannel.ts';

// Two server processes on a Redis of their own, which the test stops and starts again. The
// grace period is shorter than the outage: no live process may be taken for gone because of it.
const GRACE = { PROCESS_GRACE_SECONDS: '2' };
const SESSION = 'plenary-2';
const OUTAGE_MS = 5_000;

const people = new JoinedClients();
const peers: PeerProcess[] = [];
const servers: ServerProcess[] = [];
let redis: PrivateRedis | undefined;
afterEach(async () => {
  people.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await redis?.stop();
});
afterAll(async () => {
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fr = (booths: Booth[]) => booths.find((booth) => booth.language === 'fr')!;

async function setUp(dataDir: string | undefined) {
  redis = await startPrivateRedis(dataDir ? { dataDir } : {});
  const env = { ...GRACE, REDIS_URL: redis.url };
  const a = await ServerProcess.start(env);
  const b = await ServerProcess.start(env);
  servers.push(a, b);
  const join = (url: string, name: string, grant: Parameters<JoinedClients['join']>[2], id: string) => people.join(url, name, grant, SESSION, id);
  const moderator = await join(a.url, 'Yusuf', { role: 'moderator' }, 'outage-moderator');
  const attendee = await join(b.url, 'Sara', { role: 'attendee' }, 'outage-sara');
  const watcher = await join(b.url, 'Watcher', { role: 'attendee' }, 'outage-watcher');
  await attendee.client.call('queue:raiseHand', { topic: 'before the outage' });

  // The French interpreter on air on A (a real WebRTC voice), a listener on B hearing French.
  const { interpreter, producerId, listener } = await frenchChannelHeard({
    interpreterUrl: a.url,
    listenerUrl: b.url,
    sessionId: SESSION,
    idPrefix: 'outage',
    track: (peer) => peers.push(peer),
  });
  return { a, b, moderator, attendee, watcher, interpreter, producerId, listener };
}

/** What everyone should agree on, as a newcomer on each process is told it at join. */
async function viewsOf(urls: string[]): Promise<Array<{ queue: SpeakerQueue; french: Booth }>> {
  return Promise.all(
    urls.map(async (url, index) => {
      const { joined } = await people.join(url, `Check ${index}`, { role: 'attendee' }, SESSION);
      return { queue: joined.queue, french: fr(joined.booths) };
    }),
  );
}

const handsOf = (queue: SpeakerQueue) => queue.entries.map((entry) => entry.participantId);

async function outage(restart: () => Promise<void>, during: () => Promise<void>) {
  await redis!.stop();
  const stoppedAt = Date.now();
  await during();
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
  await restart();
}

/** Repeats a request refused as UNAVAILABLE until it is accepted; any other refusal fails. */
async function untilAccepted(client: JoinedClient, run: () => Promise<Ack<unknown>>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ack = await run();
    if (ack.ok) return;
    expect(ack.error.code).toBe('UNAVAILABLE');
    if (Date.now() > until) throw new Error(`${client.id}: still refused ${timeoutMs} ms after Redis came back: ${JSON.stringify(await run())}`);
    await sleep(200);
  }
}

describe.each([
  ['keeps its data (stopped and started again)', true],
  ['lost its data (started empty)', false],
])('Redis %s for 5 s', (_label, keepsData) => {
  it('media flows on, changes are refused with UNAVAILABLE, then everything works and every process agrees; nobody is swept', async () => {
    const dataDir = keepsData ? mkdtempSync(join(tmpdir(), 'multaqa-redis-')) : undefined;
    const { a, b, moderator, attendee, watcher, interpreter, producerId, listener } = await setUp(dataDir);
    const port = redis!.port;
    const before = await viewsOf([a.url, b.url]);
    expect(before[0]).toEqual(before[1]);
    expect(handsOf(before[0]!.queue)).toContain('outage-sara');
    expect(before[0]!.french.onAir).toBe('outage-amal');

    await outage(
      async () => {
        redis = await startPrivateRedis({ port, ...(dataDir ? { dataDir } : {}) });
      },
      async () => {
        await sleep(500);
        // Changes are refused at once, with a reason, on both processes.
        const refusals = await Promise.all([
          attendee.client.request('queue:lowerHand', {}),
          moderator.client.request('floor:give', { participantId: 'outage-sara' }),
          interpreter.request('booth:offerHandover'),
        ]);
        for (const ack of refusals) expect(ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
        // What needs no Redis still works: the listener's copy of the queue.
        expect(await watcher.client.request('queue:get', {})).toMatchObject({ ok: true });
        // The French voice keeps reaching the listener on the other process (piped, no Redis).
        expect(await listener.framesDuring(producerId, 1_500)).toBeGreaterThan(100);
        // A cough silences her all the same (her own microphone), and letting go brings her back.
        expect(await interpreter.request('booth:setMuted', { muted: true })).toMatchObject({ ok: true, data: { booth: { muted: true } } });
        await sleep(300);
        expect(await listener.framesDuring(producerId, 1_000)).toBeLessThan(5);
        expect(await interpreter.request('booth:setMuted', { muted: false })).toMatchObject({ ok: true, data: { booth: { muted: false } } });
        await sleep(300);
        expect(await listener.framesDuring(producerId, 1_000)).toBeGreaterThan(70);
      },
    );

    // Back: changes are accepted again on both processes (after a moment to reconnect).
    await untilAccepted(attendee, () => attendee.client.request('queue:lowerHand', {}));
    expect(await attendee.client.request('queue:raiseHand', { topic: 'after the outage' })).toMatchObject({ ok: true });
    await untilAccepted(moderator, () => moderator.client.request('floor:give', { participantId: 'outage-sara' }));
    // Longer than the grace period has passed since the heartbeats stopped: nobody is swept.
    await sleep(3_000);
    const after = await viewsOf([a.url, b.url]);
    expect(after[0]).toEqual(after[1]);
    expect(after[0]!.queue.current?.participantId).toBe('outage-sara');
    expect(after[0]!.queue.version).toBeGreaterThan(before[0]!.queue.version);
    expect(after[0]!.french.onAir).toBe('outage-amal');
    expect(after[0]!.french.interpreters.map((i) => i.id)).toEqual(['outage-amal']);
    // The voice still flows, and a booth change goes round every process again.
    expect(await listener.framesDuring(producerId, 1_000)).toBeGreaterThan(50);
    const heard = watcher.client.next('booth:changed', ({ booth }) => booth.language === 'fr' && booth.muted, 5_000);
    expect(await interpreter.request('booth:setMuted', { muted: true })).toMatchObject({ ok: true });
    await heard;
    expect(await interpreter.request('booth:setMuted', { muted: false })).toMatchObject({ ok: true });
    // The people lists and counts agree too.
    const { participants } = await moderator.client.call('moderation:listParticipants', {});
    expect(participants.map((p) => p.id)).toEqual(expect.arrayContaining(['outage-moderator', 'outage-sara', 'outage-amal', 'outage-bilal']));
  }, 60_000); // two processes, Redis away and back, every check after it: ~17–23 s here, more on a busy machine
});

describe('start-up while Redis is down', () => {
  it('waits for Redis instead of exiting, and serves once it answers', async () => {
    redis = await startPrivateRedis();
    const port = redis.port;
    await redis.stop();
    const starting = ServerProcess.start({ REDIS_URL: `redis://127.0.0.1:${port}` });
    await sleep(2_000);
    redis = await startPrivateRedis({ port });
    const server = await starting;
    servers.push(server);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, redis: 'PONG' });
  });
});
