import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import type { Ack } from '@multaqa/shared';
import { JoinedClients, type Grant, type JoinedClient } from '../support/joinedClients.ts';
import { ServerProcess } from '../support/serverProcess.ts';

// Two server processes on a Redis of their own, which the tests make fail for real: stopped,
// frozen (SIGSTOP: connections stay open, nothing is answered), killed, started again with or
// without its data. The grace period, and so a claim's lease, is 2 s.
const SESSION = 'plenary-3';
const KEY = `multaqa:recording:${SESSION}`;
const LEASE_MS = 2_000;

let redis: PrivateRedis;
let port: number;
let dataDir: string;
let recordingsDir: string;
let a: ServerProcess;
let b: ServerProcess;
/** The test's own look at Redis (what is claimed, for how long). */
let look: Redis;
const people = new JoinedClients();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'multaqa-claim-redis-'));
  recordingsDir = mkdtempSync(join(tmpdir(), 'multaqa-claim-recordings-'));
  redis = await startPrivateRedis({ dataDir });
  port = redis.port;
  const env = { REDIS_URL: redis.url, PROCESS_GRACE_SECONDS: String(LEASE_MS / 1000), RECORDINGS_DIR: recordingsDir };
  [a, b] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
  look = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  look.on('error', () => undefined); // it reconnects by itself when Redis is back
});
afterEach(() => people.closeAll());
afterAll(async () => {
  look?.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  for (const dir of [dataDir, recordingsDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const joinOn = (url: string, name: string, grant: Grant, id: string) => people.join(url, name, grant, SESSION, id);

/** Repeats a request until it is accepted (refused meanwhile with one of `codes` only). */
async function untilAccepted<T>(run: () => Promise<Ack<T>>, codes: string[], timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ack = await run();
    if (ack.ok) return ack.data;
    expect(codes, JSON.stringify(ack)).toContain(ack.error.code);
    if (Date.now() > until) throw new Error(`still refused after ${timeoutMs} ms: ${JSON.stringify(ack)}`);
    await sleep(200);
  }
}

/** Joins once Redis answers again (a join needs it). */
async function joinWhenBack(url: string, name: string, grant: Grant, id: string): Promise<JoinedClient> {
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      return await joinOn(url, name, grant, id);
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(200);
    }
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(5);
  }
}

async function restartRedis({ keepData }: { keepData: boolean }): Promise<void> {
  await redis.stop();
  redis = await startPrivateRedis({ port, ...(keepData ? { dataDir } : {}) });
}

describe('who records a session, when Redis fails', () => {
  it('a start that Redis fails half-way leaves no claim behind that outlives it: a later start works, here and on the other process', async () => {
    const mona = await joinOn(a.url, 'Mona', { role: 'moderator' }, 'claim-mona');
    const musa = await joinOn(b.url, 'Musa', { role: 'moderator' }, 'claim-musa');
    const adam = await joinOn(b.url, 'Adam', { role: 'attendee' }, 'claim-adam');

    const starting = mona.client.request('recording:start', {}, 30_000);
    // The session is claimed, the tracks are being set up: Redis goes (and keeps what it had).
    await waitFor(async () => (await look.exists(KEY)) === 1, 'the claim');
    await redis.stop();
    expect(await starting).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    redis = await startPrivateRedis({ port, dataDir });

    // Only Redis's return is waited for: the failed start's claim stands in nobody's way.
    const started = await untilAccepted(() => mona.client.request('recording:start', {}), ['UNAVAILABLE'], 10_000);
    expect(started.recording.by).toEqual({ id: 'claim-mona', name: 'Mona' });
    expect(await mona.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
    const musaStarted = await untilAccepted(() => musa.client.request('recording:start', {}), ['UNAVAILABLE'], 10_000);
    expect(musaStarted.recording.by).toEqual({ id: 'claim-musa', name: 'Musa' });
    expect(await musa.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
    // The start that failed was never shown to anyone.
    await adam.client.next('recording:changed', (change) => change.recording?.by.id === 'claim-musa');
    const shown = adam.client.received.filter((r) => r.event === 'recording:changed').map((r) => (r.payload as { recording: { by: { id: string } } | null }).recording?.by.id ?? null);
    expect(shown.slice(0, 3)).toEqual(['claim-mona', null, 'claim-musa']);
  });

  it('a stop whose release Redis did not take: the indicator goes on every process once Redis is back, and the session can be recorded again', async () => {
    const mona = await joinOn(a.url, 'Mona', { role: 'moderator' }, 'claim-mona');
    const musa = await joinOn(b.url, 'Musa', { role: 'moderator' }, 'claim-musa');
    const adam = await joinOn(b.url, 'Adam', { role: 'attendee' }, 'claim-adam');
    const { recording } = await mona.client.call('recording:start', {});
    await adam.client.next('recording:changed', (change) => change.recording?.id === recording.id);

    await look.save(); // Redis comes back with what it has now: this claim
    // Frozen, Redis keeps its connections open: the stop is accepted and the files are written;
    // the claim's release, the last step, waits on Redis, which is then killed.
    process.kill(redis.pid, 'SIGSTOP');
    const stopping = mona.client.request('recording:stop', {}, 30_000);
    await waitFor(async () => JSON.parse(await readFile(join(recordingsDir, SESSION, recording.id, 'manifest.json'), 'utf8')).status === 'complete', 'the files written');
    process.kill(redis.pid, 'SIGKILL');
    await redis.stop();
    expect(await stopping).toEqual({ ok: true, data: {} });
    await sleep(1_500); // the release gave up: Redis stayed away longer than its retries
    redis = await startPrivateRedis({ port, dataDir });

    // Everyone, on every process, hears that it ended; a newcomer does not see it.
    expect((await adam.client.next('recording:changed', (change) => change.recording === null, 10_000)).recording).toBeNull();
    const lina = await joinWhenBack(b.url, 'Lina', { role: 'attendee' }, 'claim-lina');
    expect(lina.joined.recording).toBeNull();
    const again = await untilAccepted(() => musa.client.request('recording:start', {}), ['UNAVAILABLE'], 10_000);
    expect(again.recording.id).not.toBe(recording.id);
    expect(await musa.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
  });

  it('its claim has a lease the recording renews; when Redis comes back empty, the recording process restores it, so no second recording starts on another process', async () => {
    const mona = await joinOn(a.url, 'Mona', { role: 'moderator' }, 'claim-mona');
    const musa = await joinOn(b.url, 'Musa', { role: 'moderator' }, 'claim-musa');
    const adam = await joinOn(b.url, 'Adam', { role: 'attendee' }, 'claim-adam');
    // The test before restarted Redis: each process takes requests again once all its connections are back.
    const { recording } = await untilAccepted(() => mona.client.request('recording:start', {}), ['UNAVAILABLE'], 10_000);
    const claimed = async () => JSON.parse((await look.get(KEY)) ?? 'null') as { id: string; startedAt: number | null } | null;

    const lease = await look.pttl(KEY);
    expect(lease).toBeGreaterThan(0);
    expect(lease).toBeLessThanOrEqual(LEASE_MS);
    await sleep(2 * LEASE_MS);
    expect((await claimed())?.id).toBe(recording.id);
    expect(await look.pttl(KEY)).toBeGreaterThan(0);

    await restartRedis({ keepData: false });
    await waitFor(async () => (await claimed())?.id === recording.id, 'the claim restored');
    expect((await claimed())?.startedAt).toBe(Date.parse(recording.startedAt));
    expect(await look.pttl(KEY)).toBeGreaterThan(0);
    const refused = await untilAccepted<unknown>(
      async () => {
        const ack = await musa.client.request('recording:start', {});
        return ack.ok || ack.error.code !== 'INVALID_STATE' ? ack : { ok: true, data: ack.error };
      },
      ['UNAVAILABLE'],
      10_000,
    );
    expect(refused).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('Mona') });
    // Still shown on the other process, and stopped from there.
    expect((await joinWhenBack(b.url, 'Lina', { role: 'attendee' }, 'claim-lina')).joined.recording?.id).toBe(recording.id);
    expect(await musa.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
    await adam.client.next('recording:changed', (change) => change.recording === null);
    expect(await look.exists(KEY)).toBe(0);
  });
});
