import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MEDIASOUP_WORKERS: '1' });
});
afterAll(async () => {
  await server?.close();
});

describe('a mediasoup worker dies', () => {
  it('is replaced, the session’s people are told to reconnect, and joining works again', async () => {
    const speaker = await SignalingClient.connect(server.url);
    expect((await speaker.join(await server.token('Khadija', { role: 'speaker' }))).ok).toBe(true);
    await speaker.call('media:createTransport', { direction: 'send' });
    const [deadPid] = server.workers.pids;
    const disconnected = new Promise<void>((resolve) => speaker.socket.once('disconnect', () => resolve()));

    process.kill(deadPid!, 'SIGKILL');

    expect(await speaker.next('session:ended')).toMatchObject({ reason: 'MEDIA_RESTARTED' });
    await disconnected;
    await expect.poll(() => server.workers.live, { timeout: 10_000 }).toBe(1);
    expect(server.workers.pids[0]).not.toBe(deadPid);
    expect(server.workers.size).toBe(1);

    const again = await SignalingClient.connect(server.url);
    const joined = await again.join(await server.token('Khadija', { role: 'speaker' }));
    expect(joined.ok).toBe(true);
    const transport = await again.call('media:createTransport', { direction: 'send' });
    expect(transport.iceCandidates.length).toBeGreaterThan(0);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, workers: 1 });
    again.close();
  });
});
