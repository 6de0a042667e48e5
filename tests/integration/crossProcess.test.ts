import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JoinedClients } from '../support/joinedClients.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';

// Three server processes on one Redis: the speaker on the first, the French booth on the
// second, listeners on the second and third. A short grace period, so the crash is cleaned up
// within the test's time.
const GRACE = { PROCESS_GRACE_SECONDS: '2' };
const SESSION = 'plenary-6';

let one: TestServer;
let two: ServerProcess;
let three: ServerProcess;
const peers: PeerProcess[] = [];
const clients = new JoinedClients();

beforeAll(async () => {
  one = await startTestServer(GRACE);
  [two, three] = await Promise.all([ServerProcess.start(GRACE), ServerProcess.start(GRACE)]);
});
afterEach(async () => {
  clients.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await Promise.all([one?.close(), two?.stop(), three?.stop()]);
});

const produced = (r: PeerReport): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const registry = async (url: string) =>
  ((await (await fetch(`${url}/processes`)).json()) as { processes: Array<{ id: string; url: string; peers: number }> }).processes;
const processIdOf = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { process: string }).process;

async function sender(url: string, name: string, id: string, grant: Parameters<TestServer['token']>[1], toneHz: number) {
  const token = await one.token(name, grant, { sessionId: SESSION, participantId: id });
  const source = grant.role === 'interpreter' ? 'interpretation' : 'microphone';
  const peer = new PeerProcess({ url, token, mode: 'send', source, toneHz });
  peers.push(peer);
  return { peer, producerId: (await peer.waitFor(produced)).producerId };
}

async function listener(url: string, id: string, fallbackUrls: string[] = []) {
  const token = await one.token(id, { role: 'attendee' }, { sessionId: SESSION, participantId: id });
  const peer = new PeerProcess({ url, token, mode: 'receive', language: 'fr', fallbackUrls });
  peers.push(peer);
  return peer;
}


/** Waits until `peer` has heard `count` more frames of `producerId` than now. */
async function hears(peer: PeerProcess, producerId: string, count = 50, timeoutMs = 10_000) {
  const before = peer.framesFrom(producerId);
  await peer.framesWhere((r) => (r.byProducer[producerId] ?? 0) >= before + count, timeoutMs);
}

describe('one session across three server processes', () => {
  it('listeners on any process hear the floor and the French channel, across a handover and a cough; a crashed process\'s listeners come back through another', async () => {
    const speaker = await sender(one.url, 'Speaker', 'xp-speaker', { role: 'speaker' }, 440);
    const amal = await sender(two.url, 'Amal', 'xp-amal', { role: 'interpreter', language: 'fr' }, 880);
    const bruno = await sender(two.url, 'Bruno', 'xp-bruno', { role: 'interpreter', language: 'fr' }, 990);
    const onTwo = await listener(two.url, 'xp-listener-2');
    const onThree = await listener(three.url, 'xp-listener-3', [two.url]);
    for (const peer of [onTwo, onThree]) {
      for (const { producerId } of [speaker, amal, bruno]) await peer.waitFor((r) => r.event === 'consuming' && r.producerId === producerId);
    }

    // The floor from process 1 reaches listeners on processes 2 and 3.
    await hears(onTwo, speaker.producerId);
    await hears(onThree, speaker.producerId);
    // Nobody in the French booth is on air: the channel is silent everywhere.
    expect(await onThree.framesDuring(amal.producerId, 600)).toBeLessThan(5);

    expect(await amal.peer.request('booth:goOnAir')).toMatchObject({ ok: true });
    await hears(onTwo, amal.producerId);
    await hears(onThree, amal.producerId);
    expect(await onThree.framesDuring(bruno.producerId, 500)).toBeLessThan(5);

    // The handover is made on process 2; process 3's listener follows it.
    expect(await amal.peer.request('booth:offerHandover')).toMatchObject({ ok: true });
    expect(await bruno.peer.request('booth:takeOver')).toMatchObject({ ok: true, data: { booth: { onAir: 'xp-bruno' } } });
    await hears(onThree, bruno.producerId);
    await sleep(300);
    expect(await onThree.framesDuring(amal.producerId, 500)).toBeLessThan(5);

    // A cough on process 2 silences the channel on process 3, and its release brings it back.
    await bruno.peer.request('booth:setMuted', { muted: true });
    await sleep(300);
    expect(await onThree.framesDuring(bruno.producerId, 500)).toBeLessThan(5);
    await bruno.peer.request('booth:setMuted', { muted: false });
    await hears(onThree, bruno.producerId);

    // Everyone sees the same queue and the same active speaker, whichever process they are on.
    const moderator = await clients.join(one.url, 'Moderator', { role: 'moderator' }, SESSION, 'xp-moderator');
    expect(await onThree.request('queue:raiseHand', { topic: 'from process 3' })).toMatchObject({ ok: true });
    await moderator.client.next('queue:changed', ({ queue }) => queue.entries.some((hand) => hand.participantId === 'xp-listener-3'));
    const watcher = await clients.join(three.url, 'Watcher', { role: 'attendee' }, SESSION, 'xp-watcher');
    expect(watcher.joined.queue.entries.map((hand) => hand.participantId)).toContain('xp-listener-3');
    expect(watcher.joined.activeSpeakerId).toBe('xp-speaker');
    expect(watcher.joined.producers.map((producer) => producer.id).sort()).toEqual(
      [speaker.producerId, amal.producerId, bruno.producerId].sort(),
    );
    expect(watcher.joined.stage.map((person) => person.id)).toEqual(expect.arrayContaining(['xp-speaker', 'xp-amal', 'xp-bruno', 'xp-moderator']));
    const everyone = (await moderator.client.call('moderation:listParticipants', {})).participants.map((person) => person.id);
    expect(everyone).toEqual(expect.arrayContaining(['xp-speaker', 'xp-amal', 'xp-listener-2', 'xp-listener-3', 'xp-watcher']));

    // A moderator on process 3 mutes the speaker of process 1: silent on process 2 too, until
    // the speaker turns their microphone back on.
    const farModerator = await clients.join(three.url, 'Far moderator', { role: 'moderator' }, SESSION, 'xp-far-moderator');
    await farModerator.client.call('moderation:mute', { participantId: 'xp-speaker' });
    await sleep(300);
    expect(await onTwo.framesDuring(speaker.producerId, 500)).toBeLessThan(5);
    expect(await speaker.peer.request('media:resumeProducer', { producerId: speaker.producerId })).toMatchObject({ ok: true });
    await hears(onTwo, speaker.producerId);
    // The moderator on process 1 removes someone connected to process 3.
    const removed = watcher.client.next('session:ended', ({ reason }) => reason === 'REMOVED');
    await moderator.client.call('moderation:remove', { participantId: 'xp-watcher' });
    await removed;
    await expect
      .poll(async () => (await moderator.client.call('moderation:listParticipants', {})).participants.map((person) => person.id))
      .not.toContain('xp-watcher');

    // Process 3 dies: its listener comes back through process 2 and hears the floor within 5 s.
    const threeId = await processIdOf(three.url);
    expect((await one.pipes.counts()).exportsTo[threeId]).toBeGreaterThan(0);
    // The registry of processes: each with its address and load, readable from any of them.
    await expect
      .poll(async () => (await registry(one.url)).find((entry) => entry.id === threeId), { timeout: 10_000 })
      .toMatchObject({ url: three.url, announcedIp: '127.0.0.1', workers: 1, sessions: 1, peers: 2 }); // the listener and the far moderator (the watcher was removed)
    const heardBefore = onThree.framesFrom(speaker.producerId);
    await three.crash();
    const crashedAt = Date.now();
    await onThree.waitFor((r) => r.event === 'joined' && r.url === two.url, 5_000);
    await onThree.framesWhere((r) => (r.byProducer[speaker.producerId] ?? 0) >= heardBefore + 20, 5_000);
    expect(Date.now() - crashedAt).toBeLessThan(5_000);
    await hears(onThree, bruno.producerId);
    // Process 1 closes its pipes to the dead process once its heartbeat is gone.
    await expect.poll(async () => (await one.pipes.counts()).exportsTo[threeId], { timeout: 10_000, interval: 250 }).toBeUndefined();
    expect((await registry(two.url)).map((entry) => entry.id)).not.toContain(threeId);
    expect(await onTwo.framesDuring(speaker.producerId, 500)).toBeGreaterThan(20);
    // The session's queue is shared with other tests' runs: leave it as found.
    expect(await onThree.request('queue:lowerHand')).toMatchObject({ ok: true });
  });

  it('a session that closes on the owning process and opens again is piped afresh to the others', async () => {
    const session = 'workshop-2';
    const token = (name: string, id: string, role: 'speaker' | 'attendee') => one.token(name, { role }, { sessionId: session, participantId: id });
    const first = new PeerProcess({ url: one.url, token: await token('First', 'again-first', 'speaker'), mode: 'send', toneHz: 440 });
    peers.push(first);
    const firstId = (await first.waitFor(produced)).producerId;
    const far = new PeerProcess({ url: two.url, token: await token('Far', 'again-far', 'attendee'), mode: 'receive' });
    peers.push(far);
    await hears(far, firstId);

    // The only person on process 1 leaves: the session closes there, with its pipes.
    await first.stop();
    await far.waitFor((r) => r.event === 'producerClosed' && r.producerId === firstId);
    const second = new PeerProcess({ url: one.url, token: await token('Second', 'again-second', 'speaker'), mode: 'send', toneHz: 660 });
    peers.push(second);
    const secondId = (await second.waitFor(produced)).producerId;
    await far.waitFor((r) => r.event === 'consuming' && r.producerId === secondId);
    await hears(far, secondId);
  });
});
