import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@multaqa/shared';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

let server: TestServer;
const clients: SignalingClient[] = [];
const connect = async () => {
  const client = await SignalingClient.connect(server.url);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

describe('joining a session', () => {
  it('serves /healthz with Redis and the worker pool', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      redis: 'PONG',
      workers: 1,
      workerSlots: 1,
      process: expect.stringMatching(/^[0-9a-f-]{36}$/),
      pipes: { exportsTo: {}, importsFrom: {} },
    });
  });

  it('seeds the demo conference in Redis: 2 days, 8 sessions, Arabic floor, six booths', async () => {
    const conference = await server.store.conference('multaqa-demo');
    expect(conference?.days).toHaveLength(2);
    expect(conference?.sessions).toHaveLength(8);
    expect(new Set(conference?.sessions.map((s) => s.kind))).toEqual(new Set(['plenary', 'workshop']));
    const plenary = await server.store.session('plenary-1');
    expect(plenary?.floorLanguage).toBe('ar');
    expect(plenary?.interpretationLanguages).toEqual(['en', 'fr', 'es', 'tr', 'ur', 'ms']);
  });

  it('a valid token joins and gets the session, the stage, the count and the server clock', async () => {
    const speaker = await connect();
    const sentAt = Date.now();
    const joined = await speaker.join(await server.token('Khadija', { role: 'speaker' }, { participantId: 'spk-join' }));
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(joined.data.self).toEqual({ id: 'spk-join', name: 'Khadija', grant: { role: 'speaker' } });
    expect(joined.data.session.id).toBe('plenary-1');
    expect(joined.data.stage.map((p) => p.id)).toContain('spk-join');
    expect(joined.data.participantCount).toBeGreaterThanOrEqual(1);
    expect(joined.data.serverTime).toBeGreaterThanOrEqual(sentAt);
    expect(joined.data.serverTime).toBeLessThanOrEqual(Date.now());

    const caps = await speaker.call('media:getRouterRtpCapabilities', {});
    const mimeTypes = (caps.rtpCapabilities as { codecs: Array<{ mimeType: string }> }).codecs.map((c) => c.mimeType);
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
  });

  it('others see a stage member join and leave, and the count change', async () => {
    const attendee = await connect();
    expect((await attendee.join(await server.token('Sara', { role: 'attendee' }))).ok).toBe(true);
    const moderator = await connect();
    expect((await moderator.join(await server.token('Yusuf', { role: 'moderator' }, { participantId: 'mod-1' }))).ok).toBe(true);
    await attendee.next('participant:joined', (p) => p.participant.id === 'mod-1');
    await attendee.next('session:countChanged', (p) => p.participantCount === 2);
    moderator.close();
    await attendee.next('participant:left', (p) => p.participantId === 'mod-1');
    await attendee.next('session:countChanged', (p) => p.participantCount === 1);
  });

  it.each([
    ['a garbage token', 'not-a-token-at-all', 'UNAUTHENTICATED'],
    ['a token for another server', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXdyb25n', 'UNAUTHENTICATED'],
  ])('refuses %s', async (_label, token, code) => {
    const client = await connect();
    const ack = await client.join(token);
    expect(ack).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses a token for a session that does not exist', async () => {
    const client = await connect();
    const ack = await client.join(await server.token('Lost', { role: 'attendee' }, { sessionId: 'no-such-session' }));
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses an old protocol version with VALIDATION_FAILED', async () => {
    const client = await connect();
    const token = await server.token('Old', { role: 'attendee' });
    const ack = await client.request('session:join', { token, protocolVersion: (PROTOCOL_VERSION + 1) as typeof PROTOCOL_VERSION });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses media requests before joining, and a second join', async () => {
    const client = await connect();
    expect(await client.request('media:getRouterRtpCapabilities', {})).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(await client.request('media:createTransport', { direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_JOINED' },
    });
    expect((await client.join(await server.token('Once', { role: 'attendee' }))).ok).toBe(true);
    expect(await client.join(await server.token('Twice', { role: 'attendee' }))).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_JOINED' },
    });
  });

  it('the same person joining from a second window replaces the first connection', async () => {
    const token = await server.token('Omar', { role: 'speaker' }, { participantId: 'omar' });
    const first = await connect();
    expect(await first.join(token)).toMatchObject({ ok: true });
    const ended = first.next('session:ended');
    const second = await connect();
    const joined = await second.join(token);
    expect(joined.ok).toBe(true);
    expect(await ended).toMatchObject({ reason: 'REPLACED' });
    await new Promise<void>((resolve) => (first.socket.disconnected ? resolve() : first.socket.once('disconnect', () => resolve())));
    // The late disconnect of the first window must not remove the second.
    const observer = await connect();
    const view = await observer.join(await server.token('Watcher', { role: 'attendee' }));
    expect(view.ok && view.data.stage.filter((p) => p.id === 'omar')).toHaveLength(1);
  });

  it('leaving ends media rights and lets the connection join again', async () => {
    const client = await connect();
    expect((await client.join(await server.token('Bilal', { role: 'attendee' }))).ok).toBe(true);
    expect(await client.request('session:leave', {})).toEqual({ ok: true, data: {} });
    expect(await client.request('media:createTransport', { direction: 'recv' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_JOINED' },
    });
    expect(await client.request('session:leave', {})).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect((await client.join(await server.token('Bilal', { role: 'attendee' }))).ok).toBe(true);
  });
});
