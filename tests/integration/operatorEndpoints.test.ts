import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// /metrics and /processes without METRICS_TOKEN: for requests made on the server's host only.
// The server listens on every interface, so the test reaches it from this machine's own
// network address too, as another machine would (metrics.test.ts covers the token).
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ HOST: '::' });
});
afterAll(async () => {
  await server?.close();
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
