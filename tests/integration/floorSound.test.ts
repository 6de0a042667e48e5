import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { JoinedClients } from '../support/joinedClients.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';

const SESSION = 'plenary-2';
let a: TestServer;
let b: ServerProcess;
const people = new JoinedClients();
const peers: PeerProcess[] = [];
beforeAll(async () => {
  a = await startTestServer();
  b = await ServerProcess.start();
});
afterEach(async () => {
  people.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await b?.stop();
  await a?.close();
});

const produced = (r: PeerReport): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced';

describe("the floor's sound, for the booths and the chair", () => {
  it('a speaker on one process is reported to interpreters and moderators on the other, once a second; attendees are not told', async () => {
    const interpreter = await people.join(a.url, 'Amal', { role: 'interpreter', language: 'fr' }, SESSION, 'fs-amal');
    const moderator = await people.join(a.url, 'Yusuf', { role: 'moderator' }, SESSION, 'fs-yusuf');
    const attendee = await people.join(a.url, 'Sara', { role: 'attendee' }, SESSION, 'fs-sara');
    const token = await issueJoinToken(TEST_SECRET, { name: 'Khadija', grant: { role: 'speaker' }, sessionId: SESSION, participantId: 'fs-khadija' });
    const speaker = new PeerProcess({ url: b.url, token, mode: 'send', toneHz: 440 });
    peers.push(speaker);
    const { producerId } = await speaker.waitFor(produced);

    const first = await interpreter.client.next('sound:floorInput', (r) => r.producerId === producerId);
    expect(first).toMatchObject({ participantId: 'fs-khadija', quality: { status: 'good', problems: [], clipping: false } });
    expect(first.quality!.lossPercent).toBe(0);
    await moderator.client.next('sound:floorInput', (r) => r.producerId === producerId);
    const count = () => interpreter.client.received.filter((r) => r.event === 'sound:floorInput').length;
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(count() - before).toBeGreaterThanOrEqual(2);
    expect(attendee.client.received.some((r) => r.event === 'sound:floorInput')).toBe(false);

    // The speaker's browser reports clipping (it cannot be seen after encoding): the booth hears why.
    expect(await speaker.request('media:reportInput', { producerId, report: { peakDbfs: 0, clippedPercent: 4 } })).toMatchObject({ ok: true });
    const clipped = await interpreter.client.next('sound:floorInput', (r) => r.producerId === producerId && r.quality?.clipping === true);
    expect(clipped.quality).toMatchObject({ status: 'poor', problems: ['distorted: the microphone is too loud (clipping)'], causes: ['clipping'] });
    // The speaker hears it too (from their own process), and once that it is fine again.
    const ownPoor = await speaker.waitFor((r): r is Extract<PeerReport, { event: 'ownSound' }> => r.event === 'ownSound' && r.status === 'poor');
    expect(ownPoor).toMatchObject({ producerId, problems: ['distorted: the microphone is too loud (clipping)'] });
    expect(moderator.client.received.some((r) => r.event === 'sound:ownInput')).toBe(false);
    expect(await speaker.request('media:reportInput', { producerId, report: { peakDbfs: -12, clippedPercent: 0 } })).toMatchObject({ ok: true });
    await speaker.waitFor((r): r is Extract<PeerReport, { event: 'ownSound' }> => r.event === 'ownSound' && r.status === 'good');

    // Gone: the booths are told, and the reports stop.
    await speaker.stop();
    expect(await interpreter.client.next('sound:floorInput', (r) => r.producerId === producerId && r.quality === null)).toMatchObject({ participantId: 'fs-khadija' });
  });

  it('a mute is not packet loss: unmuting raises no warning, for the booth or the speaker', async () => {
    const interpreter = await people.join(a.url, 'Amal', { role: 'interpreter', language: 'fr' }, SESSION, 'fs-amal-2');
    const token = await issueJoinToken(TEST_SECRET, { name: 'Khadija', grant: { role: 'speaker' }, sessionId: SESSION, participantId: 'fs-khadija-2' });
    const speaker = new PeerProcess({ url: b.url, token, mode: 'send', toneHz: 440 });
    peers.push(speaker);
    const { producerId } = await speaker.waitFor(produced);
    await interpreter.client.next('sound:floorInput', (r) => r.producerId === producerId && r.quality?.status === 'good');

    // Muted for 3 s: the SFU drops what the sender sends meanwhile (150 packets), then unmuted.
    expect(await speaker.request('media:pauseProducer', { producerId })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await speaker.request('media:resumeProducer', { producerId })).toMatchObject({ ok: true });
    const resumedAt = interpreter.client.received.length;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const after = interpreter.client.received
      .slice(resumedAt)
      .filter((r) => r.event === 'sound:floorInput')
      .map((r) => r.payload as { producerId: string; quality: { status: string; lossPercent: number } | null })
      .filter((r) => r.producerId === producerId);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.map((r) => r.quality?.lossPercent)).toEqual(after.map(() => 0));
    expect(after.some((r) => r.quality?.status === 'poor')).toBe(false);
    expect(speaker.reports.filter((r) => r.event === 'ownSound')).toEqual([]);
  });

  it('a report is refused clearly when it is malformed or about a producer that is not the sender’s', async () => {
    const attendee = await people.join(a.url, 'Omar', { role: 'attendee' }, SESSION, 'fs-omar');
    expect(await attendee.client.request('media:reportInput', { producerId: 'x', report: { peakDbfs: 3, clippedPercent: 200 } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await attendee.client.request('media:reportInput', { producerId: '7b0c6f5e-1111-4c2b-9d1e-2a3b4c5d6e7f', report: { peakDbfs: -6, clippedPercent: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
