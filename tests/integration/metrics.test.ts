import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import { OPERATOR_OVERVIEW_PATH, OperatorOverviewResponseSchema, type OperatorOverview } from '@multaqa/shared';
import { JoinedClients, type Grant } from '../support/joinedClients.ts';
import { metricTypes, samplesOf, scrape, valueOf, type Sample } from '../support/metricsText.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';
import { issueJoinToken, verifyJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { TokenRevocations } from '@multaqa/server/store/tokenRevocations.ts';

// One session over two server processes: listeners on the floor and on the French and Spanish
// channels on both, a French interpreter on air (a real WebRTC peer sending a tone) on the
// first, a Spanish one in the booth but off air.
const SESSION = 'workshop-1';
const METRICS_TOKEN = 'metrics-test-token-0123456789';

let a: TestServer;
let b: ServerProcess;
let amal: PeerProcess;
let amalProducer: string;
const clients = new JoinedClients();
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer({ MEDIASOUP_WORKERS: '2', METRICS_TOKEN }), ServerProcess.start()]);
  amal = new PeerProcess({
    url: a.url,
    token: await a.token('Amal', { role: 'interpreter', language: 'fr' }, { sessionId: SESSION, participantId: 'metrics-amal' }),
    mode: 'send',
    source: 'interpretation',
    toneHz: 880,
  });
  amalProducer = (await amal.waitFor((r): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced')).producerId;
  expect(await amal.request('booth:goOnAir')).toMatchObject({ ok: true });
  await clients.join(a.url, 'Lina', { role: 'interpreter', language: 'es' }, SESSION, 'metrics-lina');

  const listen = async (url: string, name: string, language: string | null) => {
    const listener = await clients.join(url, name, { role: 'attendee' }, SESSION);
    if (language !== null) await listener.client.call('interpretation:selectLanguage', { language });
    return listener;
  };
  // On A: two on the floor, one French, one Spanish; on B: one on the floor, two French, one Spanish.
  await Promise.all([listen(a.url, 'Floor A1', null), listen(a.url, 'Floor A2', null), listen(a.url, 'Spanish A', 'es')]);
  const frenchA = await listen(a.url, 'French A', 'fr');
  await Promise.all([listen(b.url, 'Floor B', null), listen(b.url, 'French B1', 'fr'), listen(b.url, 'French B2', 'fr'), listen(b.url, 'Spanish B', 'es')]);
  // The French listener on A receives Amal (a consumer in the worker; signalling alone, no ICE needed).
  const transport = await frenchA.client.call('media:createTransport', { direction: 'recv' });
  const { rtpCapabilities } = await frenchA.client.call('media:getRouterRtpCapabilities', {});
  await frenchA.client.call('media:consume', { transportId: transport.id, producerId: amalProducer, rtpCapabilities });
});

afterAll(async () => {
  clients.closeAll();
  for (const cleanup of cleanups.reverse()) await cleanup();
  await amal?.stop();
  await Promise.all([a?.close(), b?.stop()]);
});

const readyz = async (url: string, path = '/readyz') => {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; reason?: string; consumers: number; capacity: number; error?: { code: string } } };
};

const processIdOf = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { process: string }).process;

const listeners = (samples: Sample[], channel: string, scope: 'process' | 'all') =>
  valueOf(samples, 'multaqa_session_listeners', { session: SESSION, channel, scope });

describe('GET /metrics during a session with listeners on the floor and two channels', () => {
  it('is refused without the METRICS_TOKEN when one is set, and so is /processes, with a trailing slash too', async () => {
    expect((await scrape(a.url)).status).toBe(401);
    expect((await scrape(a.url, 'not-the-metrics-token-at-all')).status).toBe(401);
    expect((await scrape(a.url, METRICS_TOKEN)).status).toBe(200);
    const status = async (path: string, token?: string) =>
      (await fetch(`${a.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})).status;
    for (const path of ['/metrics/', '/processes', '/processes/']) {
      expect(await status(path), path).toBe(401);
      expect(await status(path, 'not-the-metrics-token-at-all'), path).toBe(401);
      expect(await status(path, METRICS_TOKEN), path).toBe(200);
    }
  });

  it('counts the listeners of each channel, this process’s and every process’s', async () => {
    const { samples } = await scrape(a.url, METRICS_TOKEN);
    expect([listeners(samples, 'floor', 'process'), listeners(samples, 'fr', 'process'), listeners(samples, 'es', 'process'), listeners(samples, 'en', 'process')]).toEqual([2, 1, 1, 0]);
    expect(valueOf(samples, 'multaqa_session_participants', { session: SESSION, scope: 'process' })).toBe(6);
    // The totals are what this process last heard from the others (counts travel within a second).
    await expect
      .poll(async () => {
        const { samples: now } = await scrape(a.url, METRICS_TOKEN);
        return [listeners(now, 'floor', 'all'), listeners(now, 'fr', 'all'), listeners(now, 'es', 'all'), valueOf(now, 'multaqa_session_participants', { session: SESSION, scope: 'all' })];
      }, { timeout: 10_000 })
      .toEqual([3, 3, 2, 10]);
    // The other process reports its own part.
    const other = await scrape(b.url);
    expect(other.status).toBe(200);
    expect([listeners(other.samples, 'floor', 'process'), listeners(other.samples, 'fr', 'process'), listeners(other.samples, 'es', 'process')]).toEqual([1, 2, 1]);
  });

  it('shows the booths: French on air, Spanish staffed but off air, the others empty', async () => {
    const { samples } = await scrape(a.url, METRICS_TOKEN);
    const booth = (name: string, language: string) => valueOf(samples, `multaqa_booth_${name}`, { session: SESSION, language });
    expect([booth('on_air', 'fr'), booth('on_air', 'es'), booth('on_air', 'en')]).toEqual([1, 0, 0]);
    expect([booth('live', 'fr'), booth('coughing', 'fr')]).toEqual([1, 0]);
    expect([booth('interpreters', 'fr'), booth('interpreters', 'es'), booth('interpreters', 'tr')]).toEqual([1, 1, 0]);
    expect(valueOf(samples, 'multaqa_queue_length', { session: SESSION })).toBe(0);
    expect(valueOf(samples, 'multaqa_floor_taken', { session: SESSION })).toBe(0);
  });

  it("shows each worker's load, with the listener's consumer on one of them", async () => {
    const { samples, text } = await scrape(a.url, METRICS_TOKEN);
    const consumers = samplesOf(samples, 'multaqa_worker_consumers');
    expect(consumers.map((sample) => sample.labels.worker).sort()).toEqual(['0', '1']);
    expect(consumers.reduce((sum, sample) => sum + sample.value, 0)).toBeGreaterThan(0);
    expect(samplesOf(samples, 'multaqa_worker_routers').reduce((sum, sample) => sum + sample.value, 0)).toBeGreaterThan(0);
    expect(samplesOf(samples, 'multaqa_worker_transports').reduce((sum, sample) => sum + sample.value, 0)).toBeGreaterThanOrEqual(2);
    expect(valueOf(samples, 'multaqa_worker_up', { worker: '0' })).toBe(1);
    expect(valueOf(samples, 'multaqa_session_consumers', { session: SESSION })).toBe(1);
    expect(metricTypes(text)['multaqa_worker_cpu_seconds_total']).toBe('counter');
    const cpu = samplesOf(samples, 'multaqa_worker_cpu_seconds_total');
    expect(cpu).toHaveLength(4);
    expect(cpu.every((sample) => sample.value >= 0 && sample.value < 3_600)).toBe(true);
    expect(cpu.some((sample) => sample.value > 0)).toBe(true);
    for (const sample of samplesOf(samples, 'multaqa_worker_max_rss_bytes')) expect(sample.value).toBeGreaterThan(1_000_000);
    expect(valueOf(samples, 'multaqa_capacity_consumers')).toBe(2 * 500);
    expect(valueOf(samples, 'multaqa_consumers')).toBe(1);
  });

  it("measures the interpreter's audio as it arrives: packets, loss, and the on-air level", async () => {
    await expect
      .poll(async () => valueOf((await scrape(a.url, METRICS_TOKEN)).samples, 'multaqa_audio_packets_received', { session: SESSION, source: 'interpretation' }), { timeout: 10_000 })
      .toBeGreaterThan(50);
    const { samples } = await scrape(a.url, METRICS_TOKEN);
    const lost = valueOf(samples, 'multaqa_audio_fraction_lost', { session: SESSION, source: 'interpretation' });
    expect(lost).toBeGreaterThanOrEqual(0);
    expect(lost).toBeLessThanOrEqual(1);
    expect(valueOf(samples, 'multaqa_audio_packets_lost', { session: SESSION, source: 'interpretation' })).toBeGreaterThanOrEqual(0);
    // A steady tone at half scale: well above silence, below full scale.
    await expect.poll(async () => valueOf((await scrape(a.url, METRICS_TOKEN)).samples, 'multaqa_channel_level_dbov', { session: SESSION, language: 'fr' }), { timeout: 10_000 }).toBeGreaterThan(-50);
    // Not where no French voice is published.
    expect(valueOf((await scrape(b.url)).samples, 'multaqa_channel_level_dbov', { session: SESSION, language: 'fr' })).toBeUndefined();
  });

  it('reports the event loop’s lag and the Redis round trip, both plausible', async () => {
    // prom-client measures one lag sample per scrape, set just after it: read it on the next one.
    await scrape(a.url, METRICS_TOKEN);
    const { samples } = await scrape(a.url, METRICS_TOKEN);
    const lag = valueOf(samples, 'multaqa_nodejs_eventloop_lag_seconds');
    expect(lag).toBeGreaterThan(0);
    expect(lag).toBeLessThan(1);
    expect(valueOf(samples, 'multaqa_nodejs_eventloop_lag_p99_seconds')).toBeLessThan(2);
    const roundTrip = valueOf(samples, 'multaqa_redis_roundtrip_seconds');
    expect(roundTrip).toBeGreaterThan(0);
    expect(roundTrip).toBeLessThan(0.5);
    expect(valueOf(samples, 'multaqa_redis_up')).toBe(1);
    expect(valueOf(samples, 'multaqa_ready')).toBe(1);
    expect(valueOf(samples, 'multaqa_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(valueOf(samples, 'multaqa_info', { process_id: await processIdOf(a.url) })).toBe(1);
  });

  it('keeps label values bounded: no participant or media ids', async () => {
    const { samples } = await scrape(a.url, METRICS_TOKEN);
    const values = new Set(samples.flatMap((sample) => Object.entries(sample.labels).filter(([key]) => key !== 'process_id').map(([, value]) => value)));
    for (const id of ['metrics-amal', 'metrics-lina', amalProducer]) expect(values.has(id)).toBe(false);
    for (const value of values) expect(value).toMatch(/^[a-z0-9._+-]{1,40}$/i);
  });
});

describe('the operator overview across both processes', () => {
  const overviewFrom = async (url: string, token?: string) => {
    const response = await fetch(`${url}${OPERATOR_OVERVIEW_PATH}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: OperatorOverviewResponseSchema.parse(await response.json()) };
  };
  /** The overview, once `until` holds for it. */
  const overviewWhen = async (url: string, token: string, until: (overview: OperatorOverview) => boolean) => {
    let last: OperatorOverview | undefined;
    await expect
      .poll(async () => {
        const { body } = await overviewFrom(url, token);
        last = body.ok ? body.data : undefined;
        return last !== undefined && until(last);
      }, { timeout: 10_000 })
      .toBe(true);
    return last!;
  };
  const tokenFor = (grant: Grant, sessionId = SESSION) => issueJoinToken(TEST_SECRET, { name: 'Operator', grant, sessionId });

  it('adds up both processes’ listeners and shows the on-air voice’s level, from either process', async () => {
    const token = await tokenFor({ role: 'organizer' });
    const [idA, idB] = await Promise.all([processIdOf(a.url), processIdOf(b.url)]);
    for (const url of [b.url, a.url]) {
      const overview = await overviewWhen(url, token, (data) => (data.booths[1]?.interpreters[0]?.level ?? -127) > -50);
      expect(overview.participants).toBe(10);
      expect(overview.listeners).toEqual({ floor: 3, channels: { en: 0, fr: 3, es: 2, tr: 0, ur: 0, ms: 0 } });
      const [en, fr, es] = overview.booths;
      expect(en).toMatchObject({ language: 'en', live: false, interpreters: [] });
      expect(fr).toMatchObject({ language: 'fr', live: true, interpreters: [{ id: 'metrics-amal', name: 'Amal', onAir: true, coughing: false, publishing: true, flowing: true }] });
      expect(es).toMatchObject({ language: 'es', live: false, interpreters: [{ id: 'metrics-lina', onAir: false, publishing: false, flowing: false, level: null }] });
      expect(overview.queue).toEqual({ length: 0, current: null });
      const processes = new Map(overview.processes.map((entry) => [entry.id, entry]));
      expect(processes.get(idA)).toMatchObject({ answered: true, participants: 6, listeners: { floor: 2, channels: { fr: 1, es: 1 } }, self: url === a.url });
      expect(processes.get(idB)).toMatchObject({ answered: true, participants: 4, listeners: { floor: 1, channels: { fr: 2, es: 1 } }, self: url === b.url });
      const loadA = processes.get(idA)!.load!;
      expect(loadA.workers).toHaveLength(2);
      expect(loadA.workers.reduce((sum, worker) => sum + worker.consumers, 0)).toBe(1);
      expect(loadA).toMatchObject({ capacity: 1_000, consumers: 1 });
      expect(loadA.sockets).toBeGreaterThanOrEqual(6);
    }
  });

  it('follows a cough: the voice stops flowing and its level goes', async () => {
    const token = await tokenFor({ role: 'organizer' });
    const amalIn = async () => {
      const { body } = await overviewFrom(b.url, token);
      return body.ok ? body.data.booths[1]!.interpreters[0] : undefined;
    };
    expect(await amal.request('booth:setMuted', { muted: true })).toMatchObject({ ok: true });
    await expect.poll(amalIn, { timeout: 10_000 }).toMatchObject({ onAir: true, coughing: true, flowing: false, level: null });
    expect(await amal.request('booth:setMuted', { muted: false })).toMatchObject({ ok: true });
    await expect.poll(async () => (await amalIn())?.level ?? -127, { timeout: 10_000 }).toBeGreaterThan(-50);
  });

  it('is for organizers only, of the session their link names', async () => {
    expect(await overviewFrom(a.url)).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    expect(await overviewFrom(a.url, 'not.a.token')).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    for (const header of ['Basic b3BlcmF0b3I6cHc=', 'Bearer two words', `Bearer ${'x'.repeat(9_000)}`, 'Bearer "quoted"']) {
      const response = await fetch(`${a.url}${OPERATOR_OVERVIEW_PATH}`, { headers: { authorization: header } });
      expect(response.status, header.slice(0, 20)).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    for (const grant of [{ role: 'attendee' }, { role: 'moderator' }, { role: 'interpreter', language: 'fr' }] as Grant[]) {
      expect(await overviewFrom(a.url, await tokenFor(grant))).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('organizers') } } });
    }
    // A withdrawn organizer link is refused like at a join.
    const withdrawn = await tokenFor({ role: 'organizer' });
    expect((await overviewFrom(a.url, withdrawn)).status).toBe(200);
    const claims = await verifyJoinToken(TEST_SECRET, withdrawn);
    const redis = new Redis(inject('redisUrl'));
    await new TokenRevocations(redis).revokeToken(claims.tokenId, claims.expiresAt).finally(() => redis.quit());
    expect(await overviewFrom(a.url, withdrawn)).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('withdrawn') } } });
    const other = await overviewFrom(a.url, await tokenFor({ role: 'organizer' }, 'workshop-2'));
    expect(other).toMatchObject({ status: 200, body: { ok: true, data: { session: { id: 'workshop-2' }, participants: 0 } } });
  });

  it("refreshing spends none of the organizer's joins (the page asks every 2 s; a person has 20 joins a minute)", async () => {
    const token = await tokenFor({ role: 'organizer' });
    for (let i = 0; i < 25; i++) expect((await overviewFrom(i % 2 ? a.url : b.url, token)).status).toBe(200);
    const organizer = await clients.connect(a.url);
    expect(await organizer.join(token)).toMatchObject({ ok: true });
    organizer.close();
  });

  it('shows the queue and who has the floor, in the overview and the metrics of both processes', async () => {
    const token = await tokenFor({ role: 'organizer' });
    const hand = await clients.join(b.url, 'Hand raiser', { role: 'attendee' }, SESSION, 'metrics-hand');
    await hand.client.call('queue:raiseHand', { topic: 'A question' });
    await overviewWhen(a.url, token, (data) => data.queue.length === 1);
    await expect.poll(async () => valueOf((await scrape(a.url, METRICS_TOKEN)).samples, 'multaqa_queue_length', { session: SESSION }), { timeout: 10_000 }).toBe(1);
    const moderator = await clients.join(a.url, 'Moderator', { role: 'moderator' }, SESSION);
    await moderator.client.call('floor:give', { participantId: 'metrics-hand' });
    const overview = await overviewWhen(a.url, token, (data) => data.queue.current !== null);
    expect(overview.queue).toMatchObject({ length: 0, current: { participantId: 'metrics-hand', name: 'Hand raiser', topic: 'A question' } });
    await expect.poll(async () => valueOf((await scrape(b.url)).samples, 'multaqa_floor_taken', { session: SESSION }), { timeout: 10_000 }).toBe(1);
    await moderator.client.call('floor:take', {});
  });

  it('the registry carries each process’s per-worker load (GET /processes)', async () => {
    const idB = await processIdOf(b.url);
    await expect
      .poll(async () => {
        const { processes } = (await (await fetch(`${a.url}/processes`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).json()) as { processes: Array<{ id: string; load?: { workers: unknown[] } }> };
        return processes.find((entry) => entry.id === idB)?.load?.workers.length;
      }, { timeout: 15_000 })
      .toBe(1);
  });
});

describe('GET /readyz', () => {
  it('answers 200 with Redis, a worker and room; /ready is the same', async () => {
    expect(await readyz(a.url)).toMatchObject({ status: 200, body: { ready: true, consumers: 1, capacity: 1_000 } });
    expect(await readyz(a.url, '/ready')).toMatchObject({ status: 200, body: { ready: true } });
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
  });

  it('answers 503 once the process is at capacity', async () => {
    const small = await startTestServer({ ROUTER_CONSUMER_BUDGET: '1' });
    cleanups.push(() => small.close());
    expect(await readyz(small.url)).toMatchObject({ status: 200, body: { ready: true, capacity: 1 } });
    // A listener there receives the interpreter of the first process (piped over).
    const listener = await clients.join(small.url, 'Far listener', { role: 'attendee' }, SESSION);
    const transport = await listener.client.call('media:createTransport', { direction: 'recv' });
    const { rtpCapabilities } = await listener.client.call('media:getRouterRtpCapabilities', {});
    await listener.client.call('media:consume', { transportId: transport.id, producerId: amalProducer, rtpCapabilities });
    expect(await readyz(small.url)).toMatchObject({ status: 503, body: { ready: false, reason: 'full', consumers: 1, capacity: 1, error: { code: 'FULL' } } });
    expect((await readyz(small.url, '/ready')).status).toBe(503);
  });

  it('answers 503 while Redis does not answer, and 200 again when it does (liveness stays 200)', async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const server = await startTestServer({ REDIS_URL: redis.url, SHUTDOWN_TIMEOUT_SECONDS: '2' });
    cleanups.push(() => server.close());
    expect((await readyz(server.url)).status).toBe(200);
    // Redis hangs: its connection stays open, nothing is answered.
    process.kill(redis.pid, 'SIGSTOP');
    const resume = () => process.kill(redis.pid, 'SIGCONT');
    cleanups.push(() => {
      try {
        resume();
      } catch {
        // already gone
      }
    });
    await expect.poll(async () => (await readyz(server.url)).body, { timeout: 10_000 }).toMatchObject({ ready: false, reason: 'redis unavailable' });
    expect((await readyz(server.url)).status).toBe(503);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, redis: 'unavailable' });
    expect(valueOf((await scrape(server.url)).samples, 'multaqa_redis_up')).toBe(0);
    resume();
    await expect.poll(async () => (await readyz(server.url)).status, { timeout: 10_000 }).toBe(200);
  });

  it('answers 503 from the moment the process starts shutting down', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    expect((await readyz(server.url)).status).toBe(200);
    // What close() does first; it then stops listening, so a balancer's next check is refused outright.
    server.sessions.drain();
    expect(await readyz(server.url)).toMatchObject({ status: 503, body: { ready: false, reason: 'shutting down', error: { code: 'UNAVAILABLE' } } });
    await server.close();
    await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
  });
});
