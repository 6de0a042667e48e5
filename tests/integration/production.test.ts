import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import { ServerProcess } from '../support/serverProcess.ts';

// A production server on a Redis of its own (nothing seeded there by other tests), serving a
// small stand-in for the built client, with a source map beside its script.
let redis: PrivateRedis;
let server: ServerProcess;
beforeAll(async () => {
  redis = await startPrivateRedis();
  const dist = mkdtempSync(join(tmpdir(), 'multaqa-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("app");\n//# sourceMappingURL=app.js.map');
  writeFileSync(join(dist, 'assets', 'app.js.map'), '{"version":3,"sources":["secret-source.ts"]}');
  server = await ServerProcess.start({ NODE_ENV: 'production', REDIS_URL: redis.url, PUBLIC_URL: 'https://conf.example.org', CLIENT_DIST: dist });
  // The banner is printed in one write after "running at"; give it a moment to arrive whole.
  for (let waited = 0; !server.output.includes('Stop with Ctrl+C') && waited < 5_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(async () => {
  await server?.stop();
  await redis?.stop();
});

describe('in production (NODE_ENV=production)', () => {
  it('seeds no demo conference and prints no join links', async () => {
    expect(server.output).not.toMatch(/join#token=/);
    expect(server.output).toMatch(/Join links: npm run token/);
    const client = new Redis(redis.url);
    try {
      expect(await client.smembers('multaqa:conferences')).toEqual([]);
      expect(await client.exists('multaqa:session:plenary-1')).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('sends security headers: a content security policy that forbids framing, no sniffing, no referrer, HSTS', async () => {
    const response = await fetch(`${server.url}/join`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the client but not its source maps', async () => {
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200);
    const map = await fetch(`${server.url}/assets/app.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toMatch(/secret-source/);
  });

  // Last: it seeds the demo into this file's Redis.
  it('prints no join links even where the demo is seeded on purpose (SEED_DEMO)', async () => {
    const seeded = await ServerProcess.start({ NODE_ENV: 'production', REDIS_URL: redis.url, PUBLIC_URL: 'https://conf.example.org', SEED_DEMO: 'true' });
    try {
      for (let waited = 0; !seeded.output.includes('Stop with Ctrl+C') && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seeded.output).toMatch(/Stop with Ctrl\+C/);
      expect(seeded.output).not.toMatch(/#token=/);
    } finally {
      await seeded.stop();
    }
  });
});
