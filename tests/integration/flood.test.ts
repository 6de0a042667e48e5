import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import type { Ack } from '@multaqa/shared';
import { ServerProcess } from '../support/serverProcess.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { percentile } from '../support/stats.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';

// Two processes behind a (pretend) proxy: every client says where it comes from, as nginx
// would in X-Forwarded-For. The address limits are the production ones, but for the connection
// cap and the deadline, which are small here to keep the test short.
const LIMITS = {
  TRUST_PROXY_HOPS: '1',
  CONNECTIONS_PER_IP_PER_MINUTE: '60',
  JOINS_PER_IP_PER_MINUTE: '300',
  REQUESTS_PER_CONNECTION_PER_10S: '300',
  MAX_CONNECTIONS_PER_IP: '25',
  JOIN_DEADLINE_SECONDS: '3',
};
const SESSION = 'plenary-4';

let a: TestServer;
let b: ServerProcess;
const clients: SignalingClient[] = [];
beforeAll(async () => {
  a = await startTestServer(LIMITS);
  b = await ServerProcess.start(LIMITS);
});
afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await b?.stop();
  await a?.close();
});

const token = (name: string, participantId: string, grant: Parameters<typeof issueJoinToken>[1]['grant'] = { role: 'attendee' }) =>
  issueJoinToken(TEST_SECRET, { name, grant, sessionId: SESSION, participantId });

async function connect(url: string, from: string): Promise<SignalingClient> {
  const client = await SignalingClient.connect(url, { from });
  clients.push(client);
  return client;
}

/** Connects, or answers with the refusal's code (connect_error data). */
async function tryConnect(url: string, from: string): Promise<SignalingClient | string> {
  return connect(url, from).catch((error: { data?: { code?: string } }) => error.data?.code ?? 'NO_CODE');
}

const codesOf = (acks: Array<Ack<unknown>>) => {
  const counts: Record<string, number> = {};
  for (const ack of acks) {
    const code = ack.ok ? 'ok' : ack.error.code;
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
};

const ROUNDS = 3;

/** What people do in a session, each at their own moment: a hand, a language, a look at the queue. */
async function ordinaryUse(people: SignalingClient[]): Promise<{ latencies: number[]; acks: Array<Ack<unknown>> }> {
  const latencies: number[] = [];
  const acks: Array<Ack<unknown>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      people.map(async (client, index) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_000));
        for (const [event, payload] of [
          [round === 0 ? 'queue:raiseHand' : round === ROUNDS - 1 ? 'queue:lowerHand' : 'queue:get', {}],
          ['interpretation:selectLanguage', { language: (index + round) % 2 ? 'fr' : 'es' }],
          ['queue:get', {}],
        ] as const) {
          const sentAt = performance.now();
          acks.push(await client.request(event, payload as never));
          latencies.push(performance.now() - sentAt);
        }
      }),
    );
  }
  return { latencies, acks };
}


describe('a flood from one person and one address', () => {
  it('is limited (joins, hands, booth changes, chat) on both processes while 50 others keep working at normal speed', async () => {
    // 50 ordinary people, each from their own address, half on each process.
    const people = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const client = await connect(index % 2 === 0 ? a.url : b.url, `10.50.0.${index + 1}`);
        const joined = await client.join(await token(`Person ${index}`, `flood-person-${index}`));
        expect(joined.ok, JSON.stringify(joined)).toBe(true);
        return client;
      }),
    );
    const watcher = people[0]!;
    const boothChangesBefore = watcher.received.filter((r) => r.event === 'booth:changed').length;

    // The attacker: an interpreter's link (booth changes and chat are theirs to make), one address.
    const attackerToken = await token('Flooder', 'flood-attacker', { role: 'interpreter', language: 'fr' });
    const from = '10.66.6.6';
    const joinAcks: Array<Ack<unknown>> = [];
    const actionAcks: Record<'hand' | 'booth' | 'chat', Array<Ack<unknown>>> = { hand: [], booth: [], chat: [] };
    const flood = (async () => {
      const sockets = [await connect(a.url, from), await connect(b.url, from)];
      const stopAt = Date.now() + Number(process.env.FLOOD_MS ?? 4_000);
      // At least 25 joins (more than a person's 20 a minute), however slow a loaded machine makes each round.
      const giveUpAt = Date.now() + 30_000;
      for (let round = 0; (Date.now() < stopAt || joinAcks.length < 25) && Date.now() < giveUpAt; round++) {
        const socket = sockets[round % 2]!;
        if (!socket.socket.connected) continue;
        const joined = await socket.join(attackerToken);
        joinAcks.push(joined);
        if (!joined.ok) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        const burst = await Promise.all([
          ...Array.from({ length: 10 }, (_, i) => socket.request(i % 2 ? 'queue:lowerHand' : 'queue:raiseHand', {}).then((ack) => actionAcks.hand.push(ack))),
          ...Array.from({ length: 10 }, (_, i) => socket.request('booth:setMuted', { muted: i % 2 === 0 }).then((ack) => actionAcks.booth.push(ack))),
          ...Array.from({ length: 10 }, () => socket.request('booth:sendChat', { text: 'spam' }).then((ack) => actionAcks.chat.push(ack))),
        ]);
        expect(burst).toHaveLength(30);
        await socket.request('session:leave', {});
      }
    })();

    // Meanwhile everyone else raises or lowers their hand, picks a language, looks at the queue.
    const ordinaryDuringFlood = ordinaryUse(people);
    await Promise.all([flood, ordinaryDuringFlood]);
    const { latencies, acks: theirAcks } = await ordinaryDuringFlood;

    const joins = codesOf(joinAcks);
    // 20 joins a minute per person, however many processes and windows they use.
    expect(joins.ok ?? 0).toBeLessThanOrEqual(20);
    expect(joins.RATE_LIMITED ?? 0).toBeGreaterThan(0);
    const hands = codesOf(actionAcks.hand);
    const booth = codesOf(actionAcks.booth);
    const chat = codesOf(actionAcks.chat);
    expect(hands.ok ?? 0).toBeLessThanOrEqual(10); // 5 per 10 s; the flood may straddle two windows
    expect(booth.ok ?? 0).toBeLessThanOrEqual(80); // 40 per 10 s
    expect(chat.ok ?? 0).toBeLessThanOrEqual(20); // 10 per 10 s
    for (const counts of [hands, booth, chat]) expect(counts.RATE_LIMITED ?? 0).toBeGreaterThan(0);
    // The session heard only the booth changes that got through.
    const boothChangesHeard = watcher.received.filter((r) => r.event === 'booth:changed').length - boothChangesBefore;
    expect(boothChangesHeard).toBeLessThanOrEqual((booth.ok ?? 0) + 2 * (joins.ok ?? 0) + 2);

    // Nobody else was limited, and their answers came as fast as without the flood.
    expect(codesOf(theirAcks)).toEqual({ ok: people.length * ROUNDS * 3 });
    const quiet = await ordinaryUse(people);
    expect(codesOf(quiet.acks)).toEqual({ ok: people.length * ROUNDS * 3 });
    const summary = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`;
    console.log(`ordinary requests: during the flood ${summary(latencies)}; without it ${summary(quiet.latencies)}`);
    // Normal: what a person clicking notices is well under a quarter of a second.
    expect(percentile(latencies, 50)).toBeLessThan(Math.max(50, 3 * percentile(quiet.latencies, 50)));
    expect(percentile(latencies, 95)).toBeLessThan(Math.max(250, 3 * percentile(quiet.latencies, 95)));
  }, 60_000);

  it('one address opens at most CONNECTIONS_PER_IP_PER_MINUTE connections, counted across processes', async () => {
    const from = '10.66.7.7';
    for (let index = 0; index < 50; index++) {
      const client = await tryConnect(a.url, from);
      expect(client).toBeInstanceOf(SignalingClient);
      (client as SignalingClient).close();
    }
    const onB = await Promise.all(Array.from({ length: 20 }, () => tryConnect(b.url, from)));
    const accepted = onB.filter((client) => client instanceof SignalingClient).length;
    expect(accepted).toBe(10);
    expect(onB.filter((client) => client === 'RATE_LIMITED')).toHaveLength(10);
    // Another address is not affected.
    expect(await tryConnect(b.url, '10.66.7.8')).toBeInstanceOf(SignalingClient);
  });

  it('one address holds at most MAX_CONNECTIONS_PER_IP connections to a process at once', async () => {
    const from = '10.66.8.8';
    const held = await Promise.all(Array.from({ length: 30 }, () => tryConnect(a.url, from)));
    expect(held.filter((client) => client instanceof SignalingClient)).toHaveLength(25);
    expect(held.filter((client) => client === 'RATE_LIMITED')).toHaveLength(5);
    (held.find((client) => client instanceof SignalingClient) as SignalingClient).close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await tryConnect(a.url, from)).toBeInstanceOf(SignalingClient);
  });

  it('IPv6 addresses count by their /64: one network holds MAX_CONNECTIONS_PER_IP, whichever addresses it uses', async () => {
    // A host picks its own addresses in its /64 (privacy addresses): a new one per connection.
    const held = await Promise.all(Array.from({ length: 26 }, (_, index) => tryConnect(a.url, `2001:db8:66:1::${(index + 1).toString(16)}`)));
    expect(held.filter((client) => client instanceof SignalingClient)).toHaveLength(25);
    expect(held.filter((client) => client === 'RATE_LIMITED')).toHaveLength(1);
    // The neighbouring /64 is another network.
    expect(await tryConnect(a.url, '2001:db8:66:2::1')).toBeInstanceOf(SignalingClient);
  });

  it('a connection that closes while its address is being checked gives its place back (a venue behind one NAT is not locked out)', async () => {
    const from = '10.66.10.10';
    const redis = new Redis(inject('redisUrl'));
    try {
      // Each new connection's address is checked in Redis: held up here, as by a busy Redis.
      await redis.call('CLIENT', 'PAUSE', '10000', 'WRITE');
      const waiting = Array.from({ length: 25 }, () =>
        io(a.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': from } }),
      );
      // Open at the transport, their Socket.IO connect sent, and none let in: all wait on the check.
      await expect.poll(() => waiting.every((socket) => socket.io.engine?.readyState === 'open')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(waiting.filter((socket) => socket.connected)).toHaveLength(0);
      for (const socket of waiting) socket.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await redis.call('CLIENT', 'UNPAUSE');
      redis.disconnect();
    }
    // MAX_CONNECTIONS_PER_IP is 25: all of them again.
    const held = await Promise.all(Array.from({ length: 25 }, () => tryConnect(a.url, from)));
    expect(held.filter((client) => !(client instanceof SignalingClient))).toEqual([]);
  });

  it('closes a connection that never joins after JOIN_DEADLINE_SECONDS, and one that left and stays idle', async () => {
    const idle = await connect(b.url, '10.66.9.9');
    const joinedThenLeft = await connect(a.url, '10.66.9.10');
    const left = await joinedThenLeft.join(await token('Leaver', 'flood-leaver'));
    expect(left.ok, JSON.stringify(left)).toBe(true);
    const member = await connect(a.url, '10.66.9.11');
    expect((await member.join(await token('Member', 'flood-member'))).ok).toBe(true);
    await joinedThenLeft.call('session:leave', {});
    const startedAt = Date.now();
    await new Promise<void>((resolve) => idle.socket.once('disconnect', () => resolve()));
    expect(Date.now() - startedAt).toBeLessThan(4_000);
    await expect.poll(() => joinedThenLeft.socket.connected, { timeout: 5_000 }).toBe(false);
    // A member of a session is never closed for it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(member.socket.connected).toBe(true);
  });
});
