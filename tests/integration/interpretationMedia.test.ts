import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PeerProcess } from '../support/peerProcess.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

let server: TestServer;
const peers: PeerProcess[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await server?.close();
});

const SESSION = 'plenary-5';
const produced = (r: PeerReport): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function interpreter(name: string, id: string, language: string, toneHz: number) {
  const token = await server.token(name, { role: 'interpreter', language }, { sessionId: SESSION, participantId: id });
  const peer = new PeerProcess({ url: server.url, token, mode: 'send', source: 'interpretation', toneHz });
  peers.push(peer);
  return { peer, producerId: (await peer.waitFor(produced)).producerId };
}


describe('interpretation media through the real worker', () => {
  it('a listener hears only the on-air interpreter of the chosen channel, across a handover and a switch', async () => {
    const amal = await interpreter('Amal', 'media-amal', 'fr', 880);
    const bruno = await interpreter('Bruno', 'media-bruno', 'fr', 990);
    const lina = await interpreter('Lina', 'media-lina', 'es', 660);
    const listenerToken = await server.token('Sara', { role: 'attendee' }, { sessionId: SESSION });
    const listener = new PeerProcess({ url: server.url, token: listenerToken, mode: 'receive', language: 'fr' });
    peers.push(listener);
    for (const { producerId } of [amal, bruno, lina]) await listener.waitFor((r) => r.event === 'consuming' && r.producerId === producerId);

    // Nobody on air: the French channel is silent even though both interpreters send.
    expect(await listener.framesDuring(amal.producerId, 700)).toBeLessThan(5);
    expect(listener.framesFrom(bruno.producerId)).toBeLessThan(5);

    expect(await amal.peer.request('booth:goOnAir')).toMatchObject({ ok: true });
    await listener.framesWhere((r) => (r.byProducer[amal.producerId] ?? 0) >= 50, 10_000);
    expect(await listener.framesDuring(bruno.producerId, 500)).toBeLessThan(5);

    // Cough: the channel goes quiet while the button is held.
    await amal.peer.request('booth:setMuted', { muted: true });
    await sleep(200);
    expect(await listener.framesDuring(amal.producerId, 500)).toBeLessThan(5);
    await amal.peer.request('booth:setMuted', { muted: false });

    // Handover: Bruno's voice replaces Amal's.
    expect(await amal.peer.request('booth:offerHandover')).toMatchObject({ ok: true });
    expect(await bruno.peer.request('booth:takeOver')).toMatchObject({ ok: true, data: { booth: { onAir: 'media-bruno' } } });
    const brunoBefore = listener.framesFrom(bruno.producerId);
    await listener.framesWhere((r) => (r.byProducer[bruno.producerId] ?? 0) >= brunoBefore + 50, 10_000);
    await sleep(200);
    expect(await listener.framesDuring(amal.producerId, 500)).toBeLessThan(5);

    // Spanish is live but not chosen: not heard until the listener switches.
    expect(await lina.peer.request('booth:goOnAir')).toMatchObject({ ok: true });
    expect(await listener.framesDuring(lina.producerId, 500)).toBeLessThan(5);
    expect(await listener.request('interpretation:selectLanguage', { language: 'es' })).toMatchObject({ ok: true, data: { live: true } });
    await listener.framesWhere((r) => (r.byProducer[lina.producerId] ?? 0) >= 50, 10_000);
    await sleep(200);
    expect(await listener.framesDuring(bruno.producerId, 500)).toBeLessThan(5);
  });

  it("the booth's routing is the truth: an interpreter who is not the voice cannot resume their own producer; a forced take-over switches the voice", async () => {
    const amal = await interpreter('Amal', 'truth-amal', 'tr', 880);
    const bruno = await interpreter('Bruno', 'truth-bruno', 'tr', 990);
    const listenerToken = await server.token('Sara', { role: 'attendee' }, { sessionId: SESSION });
    const listener = new PeerProcess({ url: server.url, token: listenerToken, mode: 'receive', language: 'tr' });
    peers.push(listener);
    for (const { producerId } of [amal, bruno]) await listener.waitFor((r) => r.event === 'consuming' && r.producerId === producerId);
    expect(await amal.peer.request('booth:goOnAir')).toMatchObject({ ok: true });
    await listener.framesWhere((r) => (r.byProducer[amal.producerId] ?? 0) >= 50, 10_000);

    // Bruno is not on air: resuming his own producer changes nothing (two voices on one channel otherwise).
    expect(await bruno.peer.request('media:resumeProducer', { producerId: bruno.producerId })).toMatchObject({ ok: true });
    expect(await listener.framesDuring(bruno.producerId, 600)).toBeLessThan(5);
    // Nor can Amal speak through her own cough.
    await amal.peer.request('booth:setMuted', { muted: true });
    expect(await amal.peer.request('media:resumeProducer', { producerId: amal.producerId })).toMatchObject({ ok: true });
    await sleep(200);
    expect(await listener.framesDuring(amal.producerId, 600)).toBeLessThan(5);
    // Released, she is heard again.
    await amal.peer.request('booth:setMuted', { muted: false });
    const before = listener.framesFrom(amal.producerId);
    await listener.framesWhere((r) => (r.byProducer[amal.producerId] ?? 0) >= before + 50, 10_000);
    // Turned off and on by herself: her own mute holds her voice, and lifting it lets it flow again.
    expect(await amal.peer.request('media:pauseProducer', { producerId: amal.producerId })).toMatchObject({ ok: true });
    await sleep(200);
    expect(await listener.framesDuring(amal.producerId, 600)).toBeLessThan(5);
    expect(await amal.peer.request('media:resumeProducer', { producerId: amal.producerId })).toMatchObject({ ok: true });
    const resumed = listener.framesFrom(amal.producerId);
    await listener.framesWhere((r) => (r.byProducer[amal.producerId] ?? 0) >= resumed + 50, 10_000);

    // Amal goes silent without handing over, her cough button held: Bruno takes the channel (his console confirmed it).
    await amal.peer.request('booth:setMuted', { muted: true });
    expect(await bruno.peer.request('booth:takeOver', {})).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await bruno.peer.request('booth:takeOver', { force: true })).toMatchObject({ ok: true, data: { booth: { onAir: 'truth-bruno' } } });
    const brunoBefore = listener.framesFrom(bruno.producerId);
    await listener.framesWhere((r) => (r.byProducer[bruno.producerId] ?? 0) >= brunoBefore + 50, 10_000);
    await sleep(200);
    expect(await listener.framesDuring(amal.producerId, 500)).toBeLessThan(5);
    // The channel comes back to her: losing it ended her cough, so she is heard at once (her page
    // never sends the release of a button it no longer shows).
    expect(await bruno.peer.request('booth:offerHandover')).toMatchObject({ ok: true });
    expect(await amal.peer.request('booth:takeOver', {})).toMatchObject({ ok: true, data: { booth: { onAir: 'truth-amal', muted: false } } });
    const back = listener.framesFrom(amal.producerId);
    await listener.framesWhere((r) => (r.byProducer[amal.producerId] ?? 0) >= back + 50, 10_000);
  });

  it('an attendee cannot publish on a channel', async () => {
    const token = await server.token('Mallory', { role: 'attendee' }, { sessionId: SESSION });
    const peer = new PeerProcess({ url: server.url, token, mode: 'send', source: 'interpretation' });
    peers.push(peer);
    await expect(peer.waitFor(produced)).rejects.toThrow(/FORBIDDEN/);
  });
});
