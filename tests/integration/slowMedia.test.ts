import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '@multaqa/shared';
import { JoinedClients } from '../support/joinedClients.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// A moderator's page whose media requests are slow: it receives speakers of another server
// process that has stopped answering (each of those consumes waits out the 5 s bus timeout). The
// moderator's actions must not wait behind them, and a request that waited too long for its turn
// is refused, not carried out after the page gave up on it.
const SESSION = 'plenary-5';
let a: TestServer;
let b: ServerProcess;
const clients = new JoinedClients();
beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(), ServerProcess.start()]);
});
afterEach(() => {
  b?.resume();
  clients.closeAll();
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.stop()]);
});

const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] };
async function timed<T>(request: Promise<T>): Promise<{ ack: T; ms: number }> {
  const started = Date.now();
  const ack = await request;
  return { ack, ms: Date.now() - started };
}

describe("a moderator whose media requests are slow", () => {
  it('gives the floor and removes at once, each once; media requests that waited too long are refused, not done later', async () => {
    // Four microphones on process B.
    const producers: string[] = [];
    for (const index of [1, 2, 3, 4]) {
      const speaker = await clients.join(b.url, `Speaker ${index}`, { role: 'speaker' }, SESSION, `slow-speaker-${index}`);
      const send = await speaker.client.call('media:createTransport', { direction: 'send' });
      const rtpParameters = { ...opus, encodings: [{ ssrc: 7000 + index }] };
      producers.push((await speaker.client.call('media:produce', { transportId: send.id, kind: 'audio', rtpParameters, source: 'microphone' })).producerId);
    }
    // B stops answering before anyone on A receives from it (nothing of B is piped to A yet).
    b.pause();
    const moderator = await clients.join(a.url, 'Mona', { role: 'moderator' }, SESSION, 'slow-mona');
    const sara = await clients.join(a.url, 'Sara', { role: 'attendee' }, SESSION, 'slow-sara');
    await clients.join(a.url, 'Bilal', { role: 'attendee' }, SESSION, 'slow-bilal');
    await sara.client.call('queue:raiseHand', {});
    const { rtpCapabilities } = await moderator.client.call('media:getRouterRtpCapabilities', {});
    const recv = await moderator.client.call('media:createTransport', { direction: 'recv' });
    // The page receives the four: each waits for process B, which does not answer.
    const consumes = producers.map((producerId) => timed(moderator.client.request('media:consume', { transportId: recv.id, producerId, rtpCapabilities }, 30_000)));

    // Meanwhile the moderator acts: answered at once, not after the media.
    const given = await timed(moderator.client.request('floor:give', { participantId: 'slow-sara' }));
    expect(given.ack).toMatchObject({ ok: true, data: { queue: { current: { participantId: 'slow-sara' } } } });
    expect(given.ms).toBeLessThan(1_000);
    const removed = await timed(moderator.client.request('moderation:remove', { participantId: 'slow-bilal' }));
    expect(removed.ack).toMatchObject({ ok: true });
    expect(removed.ms).toBeLessThan(1_000);
    console.info(`while its media waited: floor given in ${given.ms} ms, Bilal removed in ${removed.ms} ms`);

    // The consumes: the first ones fail as B does not answer; those that waited over 5 s for
    // their turn are refused without being tried, and the page hears of each within 12 s.
    const answers = await Promise.all(consumes);
    const codes = answers.map(({ ack }) => (ack as Ack<unknown>).ok || (ack as Extract<Ack<unknown>, { ok: false }>).error.code);
    console.info(`consumes of a process that does not answer: ${answers.map(({ ms }, index) => `${codes[index]} after ${ms} ms`).join(', ')}`);
    for (const { ms } of answers) expect(ms).toBeLessThan(12_000);
    expect(answers.at(-1)!.ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/nothing was changed/) } });
    // Nothing refused happens later: B answers again, and the moderator's connection holds no consumer it was refused.
    b.resume();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const session = await a.sessions.find(SESSION);
    const held = session!.peer(moderator.client.socket.id!).media.consumers.length;
    expect(held).toBe(codes.filter((code) => code === true).length);

    // The floor was given once: one change, seen by Sara.
    const floorChanges = sara.client.received.filter((r) => r.event === 'queue:changed' && (r.payload as { queue: { lastChange?: { type: string } } }).queue.lastChange?.type === 'giveFloor');
    expect(floorChanges).toHaveLength(1);
  }, 60_000);

  it('a request that arrives when its page has (nearly) stopped waiting is refused and not carried out; one in time is', async () => {
    const moderator = await clients.join(a.url, 'Mona', { role: 'moderator' }, 'plenary-6', 'late-mona');
    await clients.join(a.url, 'Sara', { role: 'attendee' }, 'plenary-6', 'late-sara').then(({ client }) => client.call('queue:raiseHand', {}));
    // The optional form of a request: (payload, meta, ack); `answerBy` on the server's clock (here the same machine's).
    const withMeta = (event: string, payload: unknown, meta: unknown) =>
      (moderator.client.socket.timeout(5_000) as unknown as { emitWithAck(...args: unknown[]): Promise<Ack<{ queue: { current: { participantId: string } | null } }>> }).emitWithAck(event, payload, meta);

    // Sent 12 s ago (as a congested uplink would deliver it): the page gives up in a second.
    const late = await withMeta('floor:give', { participantId: 'late-sara' }, { answerBy: Date.now() + 1_000 });
    expect(late).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/nothing was changed/) } });
    expect((await moderator.client.call('queue:get', {})).queue.current).toBeNull();
    expect(await withMeta('floor:give', { participantId: 'late-sara' }, { answerBy: 'soon' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^request meta: answerBy/) } });
    expect((await moderator.client.call('queue:get', {})).queue.current).toBeNull();

    const inTime = await withMeta('floor:give', { participantId: 'late-sara' }, { answerBy: Date.now() + 12_000 });
    expect(inTime).toMatchObject({ ok: true, data: { queue: { current: { participantId: 'late-sara' } } } });
  });
});
