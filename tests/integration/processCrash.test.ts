import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Booth } from '@multaqa/shared';
import { JoinedClients, type Grant } from '../support/joinedClients.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import type { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { freePort } from '@multaqa/server/cli/privateRedis.ts';

// A short grace period, so a crashed process's people are cleaned up within the test's time.
const GRACE = { PROCESS_GRACE_SECONDS: '2' };
const SESSION = 'workshop-1';
const LANGUAGE = 'ms';

let a: TestServer;
const crashed: ServerProcess[] = [];
const sessionClients = new JoinedClients();

beforeAll(async () => {
  a = await startTestServer(GRACE);
});
afterEach(() => sessionClients.closeAll());
afterAll(async () => {
  await Promise.all([a?.close(), ...crashed.map((b) => b.stop())]);
});

const joinAs = (url: string, name: string, grant: Grant, participantId?: string) =>
  sessionClients.join(url, name, grant, SESSION, participantId);
const boothUpdate = (client: SignalingClient, match: (booth: Booth) => boolean, timeoutMs?: number) =>
  client.next('booth:changed', ({ booth }) => booth.language === LANGUAGE && match(booth), timeoutMs);
const interpreterIds = (booth: Booth) => booth.interpreters.map((i) => i.id).sort();

async function startB(): Promise<ServerProcess> {
  const b = await ServerProcess.start(GRACE);
  crashed.push(b);
  return b;
}

describe('a server process that crashes', () => {
  it('leaves no interpreter on air and no listeners behind once its grace period is over', async () => {
    const b = await startB();
    const onAir = await joinAs(b.url, 'Aisyah', { role: 'interpreter', language: LANGUAGE }, 'crash-aisyah');
    const partner = await joinAs(a.url, 'Badrul', { role: 'interpreter', language: LANGUAGE }, 'crash-badrul');
    const listenerA = await joinAs(a.url, 'Sara', { role: 'attendee' }, 'crash-sara');
    const listenerB = await joinAs(b.url, 'Omar', { role: 'attendee' }, 'crash-omar');
    await onAir.client.call('booth:goOnAir', {});
    await boothUpdate(listenerA.client, (booth) => booth.onAir === 'crash-aisyah');
    await listenerA.client.call('interpretation:selectLanguage', { language: LANGUAGE });
    await listenerB.client.call('interpretation:selectLanguage', { language: LANGUAGE });
    await listenerA.client.next('interpretation:listenerCountsChanged', (counts) => counts.channels[LANGUAGE] === 2);

    await b.crash();
    const crashedAt = Date.now();

    // The survivor takes the crashed process's interpreter out of the booth: nobody on air,
    // the partner still there; and its listener out of the counts.
    const booth = await boothUpdate(listenerA.client, (booth) => booth.onAir === null, 15_000);
    expect(interpreterIds(booth.booth)).toEqual(['crash-badrul']);
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(1_000); // not before the grace period is (nearly) over
    await listenerA.client.next('interpretation:listenerCountsChanged', (counts) => counts.channels[LANGUAGE] === 1, 15_000);
    // The partner can go on air at once.
    expect(await partner.client.call('booth:goOnAir', {})).toMatchObject({ booth: { onAir: 'crash-badrul' } });
    const late = await joinAs(a.url, 'Late', { role: 'attendee' });
    expect(late.joined.listenerCounts.channels[LANGUAGE]).toBe(1);
    await partner.client.call('booth:goOffAir', {});
  });

  it("an interpreter whose connection drops keeps their place on air for the grace period, and is out once it is over", async () => {
    const session = 'plenary-6';
    const token = () => issueJoinToken(TEST_SECRET, { name: 'Nadia', grant: { role: 'interpreter', language: 'tr' }, sessionId: session, participantId: 'drop-nadia' });
    const listener = await sessionClients.join(a.url, 'Sara', { role: 'attendee' }, session, 'drop-sara');
    const first = await sessionClients.connect(a.url);
    expect((await first.join(await token())).ok).toBe(true);
    await first.call('booth:goOnAir', {});
    await listener.client.next('booth:changed', ({ booth }) => booth.language === 'tr' && booth.onAir === 'drop-nadia');

    // The network drops: everyone sees her away, still on air; she is back 1 s later (within the
    // 2 s grace), on air, no longer away.
    first.close();
    const away = await listener.client.next('booth:changed', ({ booth }) => booth.language === 'tr' && booth.interpreters.some((i) => i.id === 'drop-nadia' && i.away));
    expect(away.booth.onAir).toBe('drop-nadia');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const back = await sessionClients.connect(a.url);
    const rejoined = await back.join(await token());
    const booth = rejoined.ok ? rejoined.data.booths.find((b) => b.language === 'tr') : undefined;
    expect(booth?.onAir).toBe('drop-nadia');
    expect(booth?.interpreters.find((i) => i.id === 'drop-nadia')?.away).toBeUndefined();
    expect(await back.call('booth:setMuted', { muted: true })).toMatchObject({ booth: { onAir: 'drop-nadia', muted: true } });
    await back.call('booth:setMuted', { muted: false });

    // Dropped again, and not back: out of the booth once the grace period is over.
    back.close();
    const droppedAt = Date.now();
    const out = await listener.client.next('booth:changed', ({ booth }) => booth.language === 'tr' && booth.interpreters.length === 0, 10_000);
    expect(out.booth.onAir).toBeNull();
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(1_800);
  });

  it('counts the people on every process together, and drops those of a crashed process', async () => {
    const session = 'plenary-5';
    const b = await startB();
    const first = await sessionClients.join(a.url, 'Sara', { role: 'attendee' }, session, 'count-sara');
    await sessionClients.join(a.url, 'Yusuf', { role: 'moderator' }, session, 'count-yusuf');
    const onB = await sessionClients.join(b.url, 'Omar', { role: 'attendee' }, session, 'count-omar');
    // Each process adds its own people to the others' as last published (within one broadcast interval).
    await first.client.next('session:countChanged', ({ participantCount }) => participantCount === 3);
    await onB.client.next('session:countChanged', ({ participantCount }) => participantCount === 3);

    first.client.received.length = 0; // only counts told after the crash
    await b.crash();
    await first.client.next('session:countChanged', ({ participantCount }) => participantCount === 2, 15_000);
    const late = await sessionClients.join(a.url, 'Late', { role: 'attendee' }, session, 'count-late');
    expect(late.joined.participantCount).toBe(3);
  });

  it('an interpreter who reconnects to another process within the grace period keeps their place on air', async () => {
    const b = await startB();
    const first = await joinAs(b.url, 'Aisyah', { role: 'interpreter', language: LANGUAGE }, 'crash-aisyah-2');
    const watcher = await joinAs(a.url, 'Sara', { role: 'attendee' }, 'crash-sara-2');
    await first.client.call('booth:goOnAir', {});
    await boothUpdate(watcher.client, (booth) => booth.onAir === 'crash-aisyah-2');

    await b.crash();
    const back = await joinAs(a.url, 'Aisyah', { role: 'interpreter', language: LANGUAGE }, 'crash-aisyah-2');
    expect(back.joined.booths.find((booth) => booth.language === LANGUAGE)?.onAir).toBe('crash-aisyah-2');

    // Well past the grace period and a few sweeps: still on air.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const check = await joinAs(a.url, 'Check', { role: 'attendee' });
    expect(check.joined.booths.find((booth) => booth.language === LANGUAGE)).toMatchObject({ onAir: 'crash-aisyah-2' });
    await back.client.call('booth:goOffAir', {});
  });

  it('restarted at its own address, it offers nothing its previous incarnation published, and the others drop those at once; its people keep their places for the grace period', async () => {
    // A long grace period, as in production: the old heartbeat outlives the test.
    const port = await freePort();
    const longGrace = { PROCESS_GRACE_SECONDS: '30', PORT: String(port) };
    const b = await ServerProcess.start(longGrace);
    crashed.push(b);
    const speaker = await joinAs(b.url, 'Hiba', { role: 'speaker' }, 'restart-hiba');
    const send = await speaker.client.call('media:createTransport', { direction: 'send' });
    const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4321 }] };
    const { producerId } = await speaker.client.call('media:produce', { transportId: send.id, kind: 'audio', rtpParameters: opus, source: 'microphone' });
    const interpreter = await joinAs(b.url, 'Aisyah', { role: 'interpreter', language: LANGUAGE }, 'restart-aisyah');
    await interpreter.client.call('booth:goOnAir', {});
    const watcher = await joinAs(a.url, 'Watcher', { role: 'attendee' }, 'restart-watcher');
    expect(watcher.joined.producers.map((p) => p.id)).toContain(producerId);
    await watcher.client.next('session:countChanged', ({ participantCount }) => participantCount === 3);
    watcher.client.received.splice(0); // what comes from here on

    await b.crash();
    const b2 = await ServerProcess.start(longGrace);
    crashed.push(b2);
    const restartedAt = Date.now();
    // Its people leave the counts at once (they come back through the new process, and would be counted twice).
    await watcher.client.next('session:countChanged', ({ participantCount }) => participantCount === 1, 5_000);

    // The restarted process never offers the dead producer; the other drops it at once.
    const fresh = await joinAs(b2.url, 'Fresh', { role: 'attendee' });
    expect(fresh.joined.producers.map((p) => p.id)).not.toContain(producerId);
    await watcher.client.next('producer:closed', (closed) => closed.producerId === producerId, 5_000);
    expect(Date.now() - restartedAt).toBeLessThan(5_000);
    const later = await joinAs(a.url, 'Later', { role: 'attendee' });
    expect(later.joined.producers.map((p) => p.id)).not.toContain(producerId);
    // Its people are not taken for gone: the interpreter keeps the channel while she reconnects.
    expect(later.joined.booths.find((booth) => booth.language === LANGUAGE)).toMatchObject({ onAir: 'restart-aisyah' });
  });
});
