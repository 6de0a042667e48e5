import { afterAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('shutting down', () => {
  it('refuses joins from the moment it starts (UNAVAILABLE), and leaves no session open behind it', async () => {
    const server: TestServer = await startTestServer();
    cleanups.push(() => server.close());
    const speaker = await SignalingClient.connect(server.url);
    cleanups.push(() => speaker.close());
    expect((await speaker.join(await server.token('Khadija', { role: 'speaker' }))).ok).toBe(true);
    // Connected, not yet joined: the connection a client makes just before the shutdown.
    const late = await SignalingClient.connect(server.url);
    cleanups.push(() => late.close());
    const token = await server.token('Sara', { role: 'attendee' });

    const closing = server.close();
    const answer = await late.join(token).catch((error: unknown) => ({ ok: false as const, error: { code: 'NO_ACK', message: String(error) } }));
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await closing;
    expect(await server.sessions.load()).toEqual({ sessions: 0, peers: 0, consumers: 0 });
  });

  it('ends within SHUTDOWN_TIMEOUT_SECONDS even when Redis stops answering', async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    cleanups.push(() => {
      try {
        process.kill(redis.pid, 'SIGCONT');
      } catch {
        // already gone
      }
    });
    const server = await ServerProcess.start({ REDIS_URL: redis.url, SHUTDOWN_TIMEOUT_SECONDS: '2' });
    cleanups.push(() => server.crash());
    const speaker = await SignalingClient.connect(server.url);
    cleanups.push(() => speaker.close());
    const { issueJoinToken } = await import('@multaqa/server/auth/joinTokens.ts');
    const { TEST_SECRET } = await import('../support/testServer.ts');
    const token = await issueJoinToken(TEST_SECRET, { name: 'Khadija', grant: { role: 'speaker' }, sessionId: 'plenary-1' });
    expect((await speaker.join(token)).ok).toBe(true);

    // Redis hangs: its connections stay open, nothing is answered.
    process.kill(redis.pid, 'SIGSTOP');
    const ended = await server.terminate(30_000);
    expect(ended.signal).toBeNull();
    expect(ended.ms).toBeLessThan(2_000 + 3_000);
  });
});
