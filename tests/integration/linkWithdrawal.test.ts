import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { issueJoinToken, verifyJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { TokenRevocations } from '@multaqa/server/store/tokenRevocations.ts';
import { JOIN_LINK_CHECK_PATH, OPERATOR_OVERVIEW_PATH } from '@multaqa/shared';
import { JoinedClients } from '../support/joinedClients.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';

// A link taken back, or run out, stops working for whoever holds it open as well as for new
// joins: on every process, over HTTP and on the open connection. Two server processes on one Redis.
const SESSION = 'plenary-3';
const TURN = { TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: 'link-withdrawal-turn-secret' };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let a: TestServer;
let b: TestServer;
const clients = new JoinedClients();

beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(TURN), startTestServer(TURN)]);
});
afterEach(() => clients.closeAll());
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const status = async (url: string, token: string) => (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;
const withRevocations = async (run: (revocations: TokenRevocations) => Promise<void>) => {
  const redis = new Redis(inject('redisUrl'));
  try {
    await run(new TokenRevocations(redis));
  } finally {
    await redis.quit();
  }
};

async function joinWith(url: string, token: string): Promise<SignalingClient> {
  const client = await clients.connect(url);
  const joined = await client.join(token);
  if (!joined.ok) throw new Error(`could not join: ${joined.error.message}`);
  return client;
}

/** Resolves when the server disconnects the client (it was ended, not left). */
const disconnected = (client: SignalingClient) =>
  new Promise<string>((resolve) => (client.socket.disconnected ? resolve('already') : client.socket.once('disconnect', resolve)));

describe('a withdrawn link', () => {
  it("an organizer's: the recordings, the operator view and the link check refuse it, and the open connection on another process ends at once", async () => {
    const organizer = await issueJoinToken(TEST_SECRET, { name: 'Olga', grant: { role: 'organizer' }, sessionId: SESSION, participantId: 'wd-olga' });
    const recordings = `${a.url}/api/sessions/${SESSION}/recordings`;
    const file = `${recordings}/00000000-0000-4000-8000-000000000000/files/channel-fr.ogg`;
    expect(await status(recordings, organizer)).toBe(200);
    const connection = await joinWith(b.url, organizer);
    const gone = disconnected(connection);

    // As the organizers do it: the command line, which writes only to Redis.
    const withdrawn = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/token.ts', '--revoke', `https://conf.example.org/join#token=${organizer}`], {
      cwd: ROOT,
      env: { ...process.env, TOKEN_SECRET: TEST_SECRET, REDIS_URL: inject('redisUrl') },
      encoding: 'utf8',
    });
    expect(withdrawn.status, withdrawn.stderr).toBe(0);
    const said = Date.now();

    expect(await connection.next('session:ended', undefined, 5_000)).toEqual({ reason: 'WITHDRAWN', message: expect.stringMatching(/withdrew your join link/) });
    expect(await gone).toBe('io server disconnect');
    console.info(`the withdrawn organizer's connection ended ${Date.now() - said} ms after the command returned`);

    for (const url of [recordings, file, `${a.url}${OPERATOR_OVERVIEW_PATH}`, `${b.url}${JOIN_LINK_CHECK_PATH}`]) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${organizer}` } });
      expect(response.status, url).toBe(401);
      expect(await response.json(), url).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('withdrawn') } });
    }
    const again = await clients.connect(a.url);
    expect(await again.join(organizer)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it("every link of a person: their connection ends wherever it is, their hand comes down; everyone else stays", async () => {
    const moderator = await clients.join(a.url, 'Mona', { role: 'moderator' }, SESSION, 'wd-mona');
    const bystander = await clients.join(a.url, 'Bilal', { role: 'attendee' }, SESSION, 'wd-bilal');
    const hand = await clients.join(b.url, 'Hamza', { role: 'attendee' }, SESSION, 'wd-hamza');
    await hand.client.call('queue:raiseHand', {});
    await bystander.client.call('queue:raiseHand', {});
    expect((await moderator.client.call('queue:get', {})).queue.entries.map((e) => e.participantId)).toEqual(['wd-hamza', 'wd-bilal']);

    await new Promise((resolve) => setTimeout(resolve, 1_100)); // issue times are in seconds
    await withRevocations((revocations) => revocations.revokePerson(SESSION, 'wd-hamza', 3600));

    expect(await hand.client.next('session:ended', undefined, 5_000)).toMatchObject({ reason: 'WITHDRAWN' });
    await expect.poll(async () => (await moderator.client.call('queue:get', {})).queue.entries.map((e) => e.participantId)).toEqual(['wd-bilal']);
    // Nobody else was ended: both still answer.
    expect((await bystander.client.request('queue:get', {})).ok).toBe(true);
    expect((await moderator.client.request('moderation:listParticipants', {})).ok).toBe(true);
    expect([moderator, bystander].flatMap(({ client }) => client.received.filter((r) => r.event === 'session:ended'))).toEqual([]);
  });
});

describe('a link that expires', () => {
  it('ends its open connection when it expires; the same link cannot join again; TURN credentials end with it', async () => {
    const token = await issueJoinToken(TEST_SECRET, { name: 'Elif', grant: { role: 'attendee' }, sessionId: SESSION, participantId: 'wd-elif', ttlSeconds: 4 });
    const { expiresAt } = await verifyJoinToken(TEST_SECRET, token);
    const client = await joinWith(a.url, token);
    const transport = await client.call('media:createTransport', { direction: 'recv' });
    const [relay] = transport.iceServers ?? [];
    expect(relay?.username).toBe(`${expiresAt}:wd-elif`);

    const ended = await client.next('session:ended', undefined, 10_000);
    expect(ended).toEqual({ reason: 'EXPIRED', message: expect.stringMatching(/expired/) });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
    expect(Date.now()).toBeLessThan(expiresAt * 1000 + 2_000);

    const again = await clients.connect(b.url);
    expect(await again.join(token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('expired') } });
  });

  it('a link that outlives the TURN lifetime gets the configured lifetime', async () => {
    const token = await issueJoinToken(TEST_SECRET, { name: 'Long', grant: { role: 'attendee' }, sessionId: SESSION, participantId: 'wd-long', ttlSeconds: 30 * 86_400 });
    const client = await joinWith(b.url, token);
    const [relay] = (await client.call('media:createTransport', { direction: 'recv' })).iceServers ?? [];
    const expiry = Number(relay?.username?.split(':')[0]);
    expect(expiry).toBeGreaterThan(Date.now() / 1000 + 86_400 - 60);
    expect(expiry).toBeLessThanOrEqual(Date.now() / 1000 + 86_400);
  });
});
