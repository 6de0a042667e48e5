import { networkInterfaces } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROCESS_REGISTRY_KEY } from '@multaqa/server/store/processLiveness.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// /metrics and /processes without METRICS_TOKEN: for requests made on the server's host only.
// The server listens on every interface, so the test reaches it from this machine's own
// network address too, as another machine would (metrics.test.ts covers the token).
let server: TestServer;
let other: ServerProcess;
let redis: Redis;

beforeAll(async () => {
  [server, other] = await Promise.all([startTestServer({ HOST: '::' }), ServerProcess.start({ PROCESS_GRACE_SECONDS: '2' })]);
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([server?.close(), other?.stop()]);
});

const INTERNAL_PATHS = ['/metrics', '/metrics/', '/METRICS', '/processes', '/processes/', '/Processes/', '/processes/anything'];

const get = (host: string, path: string, headers: Record<string, string> = {}) => fetch(`http://${host}:${server.port}${path}`, { headers });

/** This machine's address on its network (not loopback): what a request from elsewhere comes from. */
function networkAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal && entry.family === 'IPv4');
  expect(address, 'this test needs a network interface besides loopback').toBeDefined();
  return address!.address;
}

const registry = async () =>
  ((await (await get('127.0.0.1', '/processes')).json()) as { processes: Array<{ id: string }> }).processes.map((entry) => entry.id);
const processIdOf = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { process: string }).process;

/** Calls of each command so far, from Redis's own statistics. */
async function commandCalls(): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  return calls;
}

describe('/metrics and /processes without METRICS_TOKEN', () => {
  it('are refused from another address, with a trailing slash and in capitals too', async () => {
    const from = networkAddress();
    for (const path of INTERNAL_PATHS) {
      const response = await get(from, path);
      expect(response.status, path).toBe(403);
      expect(await response.json(), path).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // The rest of the server answers there as usual.
    expect((await get(from, '/healthz')).status).toBe(200);
  });

  it('are refused through a proxy on the same host (which connects from loopback but says whom it forwards)', async () => {
    for (const path of INTERNAL_PATHS) {
      expect((await get('127.0.0.1', path, { 'x-forwarded-for': '203.0.113.9' })).status, path).toBe(403);
      expect((await get('127.0.0.1', path, { forwarded: 'for=203.0.113.9' })).status, path).toBe(403);
    }
  });

  it('answer requests made on the host, over IPv4 and IPv6 loopback', async () => {
    for (const host of ['127.0.0.1', '[::1]']) {
      const metrics = await get(host, '/metrics/');
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^multaqa_ready 1$/m);
      expect((await get(host, '/processes')).status).toBe(200);
    }
  });
});

describe('the registry of live processes', () => {
  it('is read from a sorted set of processes, never by scanning the keyspace', async () => {
    const ids = [await processIdOf(`http://127.0.0.1:${server.port}`), await processIdOf(other.url)];
    await expect.poll(registry).toEqual(expect.arrayContaining(ids));
    const before = await commandCalls();
    for (let request = 0; request < 5; request++) expect(await registry()).toEqual(expect.arrayContaining(ids));
    const after = await commandCalls();
    for (const command of ['scan', 'keys']) expect(after[command] ?? 0, command).toBe(before[command] ?? 0);
    expect(await redis.type(PROCESS_REGISTRY_KEY)).toBe('zset');
    expect(await redis.zrange(PROCESS_REGISTRY_KEY, '0', '-1')).toEqual(expect.arrayContaining(ids));
  });

  it('drops a process that crashed once its heartbeat lapses, from the answer and from the set', async () => {
    const crashed = await processIdOf(other.url);
    await expect.poll(registry).toContain(crashed);
    expect(await redis.zscore(PROCESS_REGISTRY_KEY, crashed)).not.toBeNull();
    await other.crash();
    // PROCESS_GRACE_SECONDS of the crashed process: 2.
    await expect.poll(registry, { timeout: 10_000, interval: 250 }).not.toContain(crashed);
    expect(await redis.zscore(PROCESS_REGISTRY_KEY, crashed)).toBeNull();
    expect(await registry()).toContain(await processIdOf(`http://127.0.0.1:${server.port}`));
  });
});
