import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PeerProcess } from '../support/peerProcess.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// Two workers, and a budget of three consumers per router: the fourth person spills over.
let server: TestServer;
const peers: PeerProcess[] = [];
beforeAll(async () => {
  server = await startTestServer({ MEDIASOUP_WORKERS: '2', ROUTER_CONSUMER_BUDGET: '3' });
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await server?.close();
});

const SESSION = 'workshop-1';
const produced = (r: PeerReport): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced';

async function listener(name: string): Promise<PeerProcess> {
  const peer = new PeerProcess({ url: server.url, token: await server.token(name, { role: 'attendee' }, { sessionId: SESSION }), mode: 'receive' });
  peers.push(peer);
  await peer.waitFor((r) => r.event === 'joined');
  return peer;
}

const hears = (peer: PeerProcess, producerId: string) => peer.framesWhere((r) => (r.byProducer[producerId] ?? 0) >= 50, 20_000);

describe("a session's media across the workers of one process", () => {
  it('listeners beyond a router’s budget go to a router on the other worker, all hear the speaker; a dead edge worker costs only its own listeners', async () => {
    const token = await server.token('Khadija', { role: 'speaker' }, { sessionId: SESSION, participantId: 'fan-khadija' });
    const speaker = new PeerProcess({ url: server.url, token, mode: 'send' });
    peers.push(speaker);
    const { producerId } = await speaker.waitFor(produced);

    const listeners: PeerProcess[] = [];
    for (const name of ['Ali', 'Bilal', 'Chen', 'Dana']) listeners.push(await listener(name));
    for (const peer of listeners) await hears(peer, producerId);

    const load = await server.sessions.mediaLoad(SESSION);
    expect(load).toHaveLength(2);
    const [home, edge] = load as [(typeof load)[0], (typeof load)[0]];
    expect(home).toMatchObject({ home: true, peers: 3, consumers: 2 }); // the speaker and two listeners
    expect(edge).toMatchObject({ home: false, peers: 2, consumers: 2 });
    expect(edge.workerPid).not.toBe(home.workerPid);

    // The edge router's worker dies: the listeners at home keep hearing the speaker throughout.
    const homeListeners = listeners.slice(0, 2);
    const before = homeListeners.map((peer) => peer.framesFrom(producerId));
    process.kill(edge.workerPid, 'SIGKILL');
    await expect.poll(async () => (await server.sessions.mediaLoad(SESSION)).length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const [index, peer] of homeListeners.entries()) {
      await peer.freshFrames();
      expect(peer.framesFrom(producerId)).toBeGreaterThan(before[index]! + 50);
    }
    // Someone re-joining now gets a router on the replacement worker, and hears the speaker.
    await expect.poll(() => server.workers.pids.includes(edge.workerPid), { timeout: 10_000 }).toBe(false);
    const back = await listener('Chen again');
    await hears(back, producerId);
    const after = await server.sessions.mediaLoad(SESSION);
    expect(after.map((router) => router.workerPid).sort()).toEqual([...server.workers.pids].sort());
  });

  it('a listener on another worker’s router hears the on-air interpreter through the pipe, and the partner after a handover', async () => {
    const session = 'plenary-2';
    const interpreter = async (name: string, hz: number) => {
      const token = await server.token(name, { role: 'interpreter', language: 'fr' }, { sessionId: session, participantId: `fan-${name.toLowerCase()}` });
      const peer = new PeerProcess({ url: server.url, token, mode: 'send', source: 'interpretation', toneHz: hz });
      peers.push(peer);
      return { peer, producerId: (await peer.waitFor(produced)).producerId };
    };
    const amal = await interpreter('Amal', 880);
    const bruno = await interpreter('Bruno', 990);
    // Two producers: a listener would hold two consumers, more than the home router has room for.
    const token = await server.token('Sara', { role: 'attendee' }, { sessionId: session });
    const sara = new PeerProcess({ url: server.url, token, mode: 'receive', language: 'fr' });
    peers.push(sara);
    for (const { producerId } of [amal, bruno]) await sara.waitFor((r) => r.event === 'consuming' && r.producerId === producerId);
    expect(await server.sessions.mediaLoad(session)).toMatchObject([{ home: true, peers: 2 }, { home: false, peers: 1, consumers: 2 }]);

    expect(await amal.peer.request('booth:goOnAir')).toMatchObject({ ok: true });
    await sara.framesWhere((r) => (r.byProducer[amal.producerId] ?? 0) >= 50, 10_000);
    expect(await amal.peer.request('booth:offerHandover')).toMatchObject({ ok: true });
    expect(await bruno.peer.request('booth:takeOver', {})).toMatchObject({ ok: true });
    await sara.framesWhere((r) => (r.byProducer[bruno.producerId] ?? 0) >= 50, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sara.freshFrames();
    const amalBefore = sara.framesFrom(amal.producerId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sara.freshFrames();
    expect(sara.framesFrom(amal.producerId) - amalBefore).toBeLessThan(5);
  });
});
