import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PeerProcess } from '../support/peerProcess.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';

// A process that takes one consumer, beside one with the default budget.
let small: TestServer;
let other: ServerProcess;
const peers: PeerProcess[] = [];
beforeAll(async () => {
  [small, other] = await Promise.all([startTestServer({ ROUTER_CONSUMER_BUDGET: '1', PROCESS_GRACE_SECONDS: '2' }), ServerProcess.start({ PROCESS_GRACE_SECONDS: '2' })]);
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await Promise.all([small?.close(), other?.stop()]);
});

const ready = async (url: string) => {
  const response = await fetch(`${url}/ready`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; consumers: number; capacity: number; elsewhere?: string[] } };
};

describe('readiness for load balancers', () => {
  it('a process at capacity answers 503 and names the processes with room; ready again when people leave', async () => {
    expect(await ready(small.url)).toMatchObject({ status: 200, body: { ready: true, consumers: 0, capacity: 1 } });
    const session = 'plenary-2';
    const speaker = new PeerProcess({ url: small.url, token: await small.token('Speaker', { role: 'speaker' }, { sessionId: session, participantId: 'ready-speaker' }), mode: 'send' });
    peers.push(speaker);
    const { producerId } = await speaker.waitFor((r): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced');
    const listener = new PeerProcess({ url: small.url, token: await small.token('Listener', { role: 'attendee' }, { sessionId: session }), mode: 'receive' });
    peers.push(listener);
    await listener.waitFor((r) => r.event === 'consuming' && r.producerId === producerId);

    const full = await ready(small.url);
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({ ready: false, consumers: 1, capacity: 1 });
    await expect.poll(async () => (await ready(small.url)).body.elsewhere, { timeout: 10_000 }).toContain(other.url);
    expect(await ready(other.url)).toMatchObject({ status: 200, body: { ready: true } });

    await listener.stop();
    await expect.poll(async () => (await ready(small.url)).status, { timeout: 10_000 }).toBe(200);
  });
});
