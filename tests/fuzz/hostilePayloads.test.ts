import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodeSchema, REQUEST_NAMES, requestExamples, type RequestName } from '@multaqa/shared';
import { HostilePayloads } from '../support/hostilePayloads.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const PAYLOADS_PER_EVENT = 1_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Emit = (event: string, ...args: unknown[]) => void;

describe('hostile payloads', () => {
  it(`answers ${PAYLOADS_PER_EVENT} malformed payloads per event with error acks and stays up (seed ${SEED})`, async () => {
    const fuzz = new HostilePayloads(SEED);
    const speaker = await SignalingClient.connect(server.url);
    const token = await server.token('Fuzzy', { role: 'speaker' }, { participantId: 'fuzzer' });
    expect((await speaker.join(token)).ok).toBe(true);
    const send = await speaker.call('media:createTransport', { direction: 'send' });
    const stranger = await SignalingClient.connect(server.url);
    const valid = requestExamples({ token, transportId: send.id }) as Record<RequestName, Record<string, unknown>>;

    const codes = new Map<string, number>();
    let answered = 0;
    for (const event of REQUEST_NAMES) {
      const batch: Array<Promise<void>> = [];
      for (let i = 0; i < PAYLOADS_PER_EVENT; i++) {
        const client = fuzz.random() < 0.5 ? speaker : stranger;
        const payload = fuzz.random() < 0.5 ? fuzz.mutate(valid[event]) : fuzz.value();
        // Never let the fuzzer leave the session it needs, or join the stranger.
        if (event === 'session:leave' || (event === 'session:join' && client === stranger)) continue;
        // Oversized payloads end the connection by design; that has a test of its own below.
        if ((JSON.stringify(payload)?.length ?? 0) > 200_000) continue;
        batch.push(
          client.request(event, payload as never, 20_000).then((ack) => {
            answered++;
            if (ack.ok) return;
            expect(ErrorCodeSchema.safeParse(ack.error.code).success, JSON.stringify(ack)).toBe(true);
            expect(typeof ack.error.message).toBe('string');
            codes.set(ack.error.code, (codes.get(ack.error.code) ?? 0) + 1);
          }),
        );
        if (batch.length >= 100) await Promise.all(batch.splice(0));
      }
      await Promise.all(batch);
    }
    expect(answered).toBeGreaterThan(PAYLOADS_PER_EVENT * (REQUEST_NAMES.length - 2));
    expect(codes.get('VALIDATION_FAILED')).toBeGreaterThan(PAYLOADS_PER_EVENT);
    // Nothing a client sends may surface as an unexplained server failure.
    expect(codes.get('INTERNAL') ?? 0).toBe(0);

    // Off-protocol shapes: no ack, a non-function ack, extra arguments, unknown events, binary.
    // Sent as raw EVENT packets: the client library itself refuses reserved names like 'connect'.
    const raw = stranger.socket as unknown as { packet(packet: { type: number; data: unknown[] }): void };
    const EVENT = 2;
    for (let i = 0; i < 200; i++) {
      const event = fuzz.pick([...REQUEST_NAMES, 'nope', '__proto__', 'constructor', 'disconnect', 'connect', 'error']);
      switch (i % 4) {
        case 0: raw.packet({ type: EVENT, data: [event, fuzz.value()] }); break;
        case 1: raw.packet({ type: EVENT, data: [event] }); break;
        case 2: raw.packet({ type: EVENT, data: [event, fuzz.value(), fuzz.value(), 'not-a-function'] }); break;
        default: raw.packet({ type: EVENT, data: [fuzz.value(), event] });
      }
    }

    // The server is still up, the fuzzer's session state is intact, and a newcomer joins normally.
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await speaker.request('media:getRouterRtpCapabilities', {})).toMatchObject({ ok: true });
    const newcomer = await SignalingClient.connect(server.url);
    const joined = await newcomer.join(await server.token('After', { role: 'attendee' }));
    expect(joined.ok).toBe(true);
    expect(joined.ok && joined.data.stage.map((p) => p.id)).toContain('fuzzer');
    for (const client of [speaker, stranger, newcomer]) client.close();
  }, 120_000);

  it('a payload over the size limit drops only that connection', async () => {
    const victim = await SignalingClient.connect(server.url);
    const bystander = await SignalingClient.connect(server.url);
    const disconnected = new Promise<void>((resolve) => victim.socket.once('disconnect', () => resolve()));
    (victim.socket as unknown as { emit: Emit }).emit('session:join', { token: 'x'.repeat(2 * 1024 * 1024) }, () => {});
    await disconnected;
    const joined = await bystander.join(await server.token('Still here', { role: 'attendee' }));
    expect(joined.ok).toBe(true);
    bystander.close();
  });
});
