import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import type { Ack } from '@multaqa/shared';
import { JoinedClients } from '../support/joinedClients.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { frenchChannelHeard } from '../support/frenchChannel.ts';

// A Redis that stops answering but keeps its connections open (SIGSTOP: a stuck disk, a host
// swapping): nothing that needs no shared state may wait on it, and what does is answered
// UNAVAILABLE within about two seconds instead of hanging the connection's later requests.
const SESSION = 'plenary-4';

const people = new JoinedClients();
const peers: PeerProcess[] = [];
const servers: ServerProcess[] = [];
let redis: PrivateRedis | undefined;
const thaw = () => {
  if (redis) process.kill(redis.pid, 'SIGCONT');
};
afterEach(async () => {
  thaw();
  people.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await redis?.stop();
  redis = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The ack and how long it took. */
async function timed<T>(request: Promise<T>): Promise<{ ack: T; ms: number }> {
  const started = Date.now();
  const ack = await request;
  return { ack, ms: Date.now() - started };
}

describe('Redis stops answering but keeps its connections (SIGSTOP)', () => {
  it("a cough is answered within 1 s and silences the channel, own media keeps working, a shared change answers UNAVAILABLE within ~2 s, and the connection's next request is answered; all is well once Redis answers again", async () => {
    redis = await startPrivateRedis();
    const env = { PROCESS_GRACE_SECONDS: '2', REDIS_URL: redis.url };
    const [a, b] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    servers.push(a, b);
    const attendee = await people.join(b.url, 'Sara', { role: 'attendee' }, SESSION, 'frozen-sara');
    await attendee.client.call('queue:raiseHand', { topic: 'before' });
    const { interpreter, producerId, listener } = await frenchChannelHeard({
      interpreterUrl: a.url,
      listenerUrl: b.url,
      sessionId: SESSION,
      idPrefix: 'frozen',
      track: (peer) => peers.push(peer),
    });

    // Someone on the interpreter's own process: told of her voice stopping and coming back at
    // once, whatever Redis does (their page plays a paused voice at zero).
    const sameProcess = await people.join(a.url, 'Nour', { role: 'attendee' }, SESSION, 'frozen-nour');

    process.kill(redis.pid, 'SIGSTOP');

    // A shared change and a cough, first thing (before anyone could know Redis stands still).
    const changing = timed(attendee.client.request('queue:lowerHand', {}));
    // The cough: nothing between it and the silence.
    const cough = await timed(interpreter.request('booth:setMuted', { muted: true }) as Promise<Ack<unknown>>);
    expect(cough.ack).toMatchObject({ ok: true, data: { booth: { muted: true } } });
    expect(cough.ms).toBeLessThan(1_000);
    await sameProcess.client.next('producer:paused', (paused) => paused.producerId === producerId, 1_000);
    await sleep(300);
    expect(await listener.framesDuring(producerId, 1_000)).toBeLessThan(5);

    // The shared change: UNAVAILABLE within about 2 s (not held until Redis answers).
    const change = await changing;
    expect(change.ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(change.ms).toBeLessThan(3_000);
    // The same connection's next requests are answered at once: a shared one refused, a local one served.
    const next = await timed(attendee.client.request('queue:raiseHand', {}));
    expect(next.ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(next.ms).toBeLessThan(500);
    const local = await timed(attendee.client.request('interpretation:selectLanguage', { language: 'es' }));
    expect(local.ack).toMatchObject({ ok: true });
    expect(local.ms).toBeLessThan(500);
    // Not ready for new people while Redis does not answer.
    expect((await fetch(`${a.url}/readyz`)).status).toBe(503);

    // A cough behind a shared request still waiting on Redis does not wait for it.
    const handover = interpreter.request('booth:offerHandover') as Promise<Ack<unknown>>;
    const release = await timed(interpreter.request('booth:setMuted', { muted: false }) as Promise<Ack<unknown>>);
    expect(release.ack).toMatchObject({ ok: true, data: { booth: { muted: false } } });
    expect(release.ms).toBeLessThan(1_000);
    await sameProcess.client.next('producer:resumed', (resumed) => resumed.producerId === producerId, 1_000);
    expect(await handover).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await sleep(300);
    expect(await listener.framesDuring(producerId, 1_000)).toBeGreaterThan(70);
    // The interpreter's own microphone switch needs no Redis either.
    const ownMute = await timed(interpreter.request('media:pauseProducer', { producerId }) as Promise<Ack<unknown>>);
    expect(ownMute.ack).toMatchObject({ ok: true });
    expect(ownMute.ms).toBeLessThan(1_000);
    expect(await interpreter.request('media:resumeProducer', { producerId })).toMatchObject({ ok: true });

    console.info(`while Redis stood still: cough ${cough.ms} ms, a shared change refused after ${change.ms} ms, the next request ${next.ms} ms, a cough behind a waiting request ${release.ms} ms`);
    const thawedAt = Date.now();
    thaw();

    // Redis answers again: changes are accepted, and every process agrees on the booth.
    await expect.poll(async () => (await attendee.client.request('queue:lowerHand', {})).ok, { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await fetch(`${a.url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
    console.info(`changes accepted and ready again ${Date.now() - thawedAt} ms after Redis went on`);
    const { joined } = await people.join(b.url, 'Check', { role: 'attendee' }, SESSION);
    expect(joined.booths.find((booth) => booth.language === 'fr')).toMatchObject({ onAir: 'frozen-amal', muted: false });
    for (let i = 0; i < 10; i++) console.log('frames', Date.now(), await listener.framesDuring(producerId, 1_000));
    expect(await listener.framesDuring(producerId, 1_000)).toBeGreaterThan(50);
  }, 60_000); // two server processes, two WebRTC peers, a pause and a resume, on two shared cores
});
