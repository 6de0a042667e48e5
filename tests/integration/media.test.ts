import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PeerProcess } from '../support/peerProcess.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

let server: TestServer;
const peers: PeerProcess[] = [];
const clients: SignalingClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

/** A speaker in its own process, publishing a tone; resolves once its producer exists. */
async function startSpeaker(name: string, participantId: string): Promise<{ speaker: PeerProcess; producerId: string }> {
  const speaker = new PeerProcess({ url: server.url, token: await server.token(name, { role: 'speaker' }, { participantId }), mode: 'send' });
  peers.push(speaker);
  const { producerId } = await speaker.waitFor((r): r is Extract<typeof r, { event: 'produced' }> => r.event === 'produced');
  return { speaker, producerId };
}

const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1234 }] };

describe('media through the real mediasoup worker', () => {
  it('refuses an attendee a send transport and any produce', async () => {
    const attendee = await SignalingClient.connect(server.url);
    clients.push(attendee);
    expect((await attendee.join(await server.token('Sara', { role: 'attendee' }))).ok).toBe(true);
    expect(await attendee.request('media:createTransport', { direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const recv = await attendee.call('media:createTransport', { direction: 'recv' });
    for (const transportId of [recv.id, uuid]) {
      const ack = await attendee.request('media:produce', { transportId, kind: 'audio', rtpParameters: opus, source: 'microphone' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('a connection cannot race its limits: parallel transports stop at four, and a producer is consumed once', async () => {
    const speaker = await SignalingClient.connect(server.url);
    const listener = await SignalingClient.connect(server.url);
    clients.push(speaker, listener);
    expect((await speaker.join(await server.token('Limit speaker', { role: 'speaker' }))).ok).toBe(true);
    expect((await listener.join(await server.token('Limit listener', { role: 'attendee' }))).ok).toBe(true);
    const acks = await Promise.all(Array.from({ length: 20 }, () => listener.request('media:createTransport', { direction: 'recv' })));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(4);
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === 'INVALID_STATE')).toBe(true);

    const send = await speaker.call('media:createTransport', { direction: 'send' });
    const { producerId } = await speaker.call('media:produce', { transportId: send.id, kind: 'audio', rtpParameters: opus, source: 'microphone' });
    const { rtpCapabilities } = await listener.call('media:getRouterRtpCapabilities', {});
    const recv = acks.find((ack) => ack.ok)!;
    const transportId = recv.ok ? recv.data.id : '';
    const twice = await Promise.all([0, 1].map(() => listener.request('media:consume', { transportId, producerId, rtpCapabilities })));
    expect(twice.filter((ack) => ack.ok)).toHaveLength(1);
    expect(twice.find((ack) => !ack.ok)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: 'you already receive this producer' } });

    // Parallel produce of one source: one producer; of more sources than allowed: four at most.
    const again = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        speaker.request('media:produce', { transportId: send.id, kind: 'audio', rtpParameters: { ...opus, encodings: [{ ssrc: 2000 + index }] }, source: 'microphone' }),
      ),
    );
    expect(again.every((ack) => !ack.ok && ack.error.code === 'INVALID_STATE')).toBe(true);

    // Neither direction is unbounded: what the worker holds for each transport.
    const session = (await server.sessions.open('plenary-1'))!;
    const [sendStats] = await session.peer(speaker.socket.id!).media.transportStats();
    expect(sendStats?.maxIncomingBitrate).toBe(3_000_000);
    const receiveStats = await session.peer(listener.socket.id!).media.transportStats();
    expect(receiveStats).toHaveLength(4);
    for (const stats of receiveStats) expect(stats.maxOutgoingBitrate).toBe(7_000_000);
  });

  it("refuses SDP injection: nothing a speaker sends that reaches listeners' or the recorder's SDP may carry a line break, a space or an unknown codec parameter", async () => {
    const speaker = await SignalingClient.connect(server.url);
    const listener = await SignalingClient.connect(server.url);
    clients.push(speaker, listener);
    expect((await speaker.join(await server.token('Hostile', { role: 'speaker' }, { participantId: 'sdp-hostile' }))).ok).toBe(true);
    expect((await listener.join(await server.token('Victim', { role: 'attendee' }, { participantId: 'sdp-victim' }))).ok).toBe(true);
    const send = await speaker.call('media:createTransport', { direction: 'send' });
    const codec = opus.codecs[0]!;
    const injected = '1\r\nm=audio 80 RTP/AVP 0';
    const hostile: Array<[string, Record<string, unknown>]> = [
      ['a parameter value', { ...opus, codecs: [{ ...codec, parameters: { useinbandfec: injected } }] }],
      ['a parameter name', { ...opus, codecs: [{ ...codec, parameters: { 'useinbandfec=1\r\na=sendrecv': 1 } }] }],
      ['a parameter with a space', { ...opus, codecs: [{ ...codec, parameters: { useinbandfec: '1 2' } }] }],
      ['an unknown parameter', { ...opus, codecs: [{ ...codec, parameters: { 'x-anything': 1 } }] }],
      ['the codec name', { ...opus, codecs: [{ ...codec, mimeType: 'audio/opus\r\na=sendrecv' }] }],
      ['a feedback type', { ...opus, codecs: [{ ...codec, rtcpFeedback: [{ type: 'nack\r\na=x' }] }] }],
      ['a feedback parameter', { ...opus, codecs: [{ ...codec, rtcpFeedback: [{ type: 'nack', parameter: 'pli x' }] }] }],
      ['the mid', { ...opus, mid: '0\r\na=mid:1' }],
      ['the cname', { ...opus, rtcp: { cname: `x${injected}` } }],
      ['a header extension', { ...opus, headerExtensions: [{ uri: `urn:ietf:params:rtp-hdrext:ssrc-audio-level${injected}`, id: 1 }] }],
      ['a rid', { ...opus, encodings: [{ ssrc: 1234, rid: 'r0\r\na=x' }] }],
    ];
    for (const [what, rtpParameters] of hostile) {
      const ack = await speaker.request('media:produce', { transportId: send.id, kind: 'audio', rtpParameters: rtpParameters as typeof opus, source: 'microphone' });
      expect(ack, what).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    // What a device says it can receive is held to the same rules.
    const { rtpCapabilities } = await listener.call('media:getRouterRtpCapabilities', {});
    const recv = await listener.call('media:createTransport', { direction: 'recv' });
    const codecs = (rtpCapabilities as { codecs: Array<Record<string, unknown>> }).codecs;
    const poisoned = { ...rtpCapabilities, codecs: codecs.map((c) => ({ ...c, parameters: { useinbandfec: injected } })) };
    const refused = await listener.request('media:consume', { transportId: recv.id, producerId: uuid, rtpCapabilities: poisoned as typeof rtpCapabilities });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    // The parameters browsers really send still go through, and reach the listener as sent.
    const clean = { ...opus, codecs: [{ ...codec, parameters: { minptime: 10, useinbandfec: 1, 'sprop-stereo': 0, usedtx: 0 }, rtcpFeedback: [{ type: 'transport-cc', parameter: '' }] }] };
    const { producerId } = await speaker.call('media:produce', { transportId: send.id, kind: 'audio', rtpParameters: clean, source: 'microphone' });
    const consumed = await listener.call('media:consume', { transportId: recv.id, producerId, rtpCapabilities });
    expect((consumed.rtpParameters as { codecs: Array<{ parameters?: unknown }> }).codecs[0]?.parameters).toMatchObject({ minptime: 10, useinbandfec: 1 });
  });

  it('an ICE restart (new credentials from the server, new checks) keeps the audio coming over the same consumers', async () => {
    const { producerId } = await startSpeaker('Khadija', 'spk-ice');
    const listener = new PeerProcess({ url: server.url, token: await server.token('Bilal', { role: 'attendee' }, { participantId: 'ice-listener' }), mode: 'receive' });
    peers.push(listener);
    await listener.framesWhere((r) => (r.byProducer[producerId] ?? 0) >= 50, 20_000);
    const { before, after } = await listener.restartIce();
    expect(after).not.toBe(before);
    expect(after.length).toBeGreaterThan(0);
    // 10 ms frames: still about 100 a second after the restart, and no new consumer was needed.
    expect(await listener.framesDuring(producerId, 1_500)).toBeGreaterThan(100);
    expect(listener.reports.filter((r) => r.event === 'consuming' && r.producerId === producerId)).toHaveLength(1);
    // Only one's own transports can be restarted.
    const stranger = await SignalingClient.connect(server.url);
    clients.push(stranger);
    expect((await stranger.join(await server.token('Mallory', { role: 'attendee' }))).ok).toBe(true);
    expect(await stranger.request('media:restartIce', { transportId: '0f8fad5b-d9cb-469f-a165-70867728950e' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("a worker's WebRTC transports all listen on its one UDP and one TCP port (WebRtcServer)", async () => {
    const candidates: Array<Array<{ protocol: string; port: number }>> = [];
    for (const name of ['Port A', 'Port B', 'Port C']) {
      const client = await SignalingClient.connect(server.url);
      clients.push(client);
      expect((await client.join(await server.token(name, { role: 'attendee' }))).ok).toBe(true);
      const transport = await client.call('media:createTransport', { direction: 'recv' });
      candidates.push(transport.iceCandidates);
    }
    const ports = (protocol: string) => new Set(candidates.flat().filter((c) => c.protocol === protocol).map((c) => c.port));
    expect(candidates.every((list) => list.some((c) => c.protocol === 'udp') && list.some((c) => c.protocol === 'tcp'))).toBe(true);
    expect(ports('udp').size).toBe(1);
    expect(ports('tcp').size).toBe(1);
  });

  it('a speaker produces over WebRTC and a listener receives the audio', async () => {
    const { speaker, producerId } = await startSpeaker('Khadija', 'spk-media');

    const listener = new PeerProcess({ url: server.url, token: await server.token('Bilal', { role: 'attendee' }), mode: 'receive' });
    peers.push(listener);
    await listener.waitFor((r) => r.event === 'consuming' && r.producerId === producerId);
    // 10 ms frames: 100 frames is one second of decoded audio from the speaker.
    const frames = await listener.framesWhere((r) => (r.byProducer[producerId] ?? 0) >= 100, 20_000);
    expect(frames.byProducer[producerId]).toBeGreaterThanOrEqual(100);

    await speaker.stop();
    await listener.waitFor((r) => r.event === 'producerClosed' && r.producerId === producerId);
  });

  it('a listener who joins first starts receiving when the speaker starts', async () => {
    const listener = new PeerProcess({ url: server.url, token: await server.token('Early', { role: 'attendee' }), mode: 'receive' });
    peers.push(listener);
    await listener.waitFor((r) => r.event === 'joined');
    const { producerId } = await startSpeaker('Omar', 'spk-late');
    await listener.framesWhere((r) => (r.byProducer[producerId] ?? 0) >= 50, 20_000);
  });

  it('someone who joins while a speaker is talking learns at once who the active speaker is', async () => {
    const early = await SignalingClient.connect(server.url);
    clients.push(early);
    expect((await early.join(await server.token('Early', { role: 'attendee' }))).ok).toBe(true);
    const active = early.next('speaker:activeChanged', (p) => p.participantId === 'spk-active', 15_000);
    await startSpeaker('Sami', 'spk-active');
    await active;

    const late = await SignalingClient.connect(server.url);
    clients.push(late);
    const joined = await late.join(await server.token('Late', { role: 'attendee' }));
    expect(joined).toMatchObject({ ok: true, data: { activeSpeakerId: 'spk-active' } });
  });
});
