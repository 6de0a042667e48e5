import { describe, expect, it } from 'vitest';
import { ContinuousAudio, KeyFrameGate } from './continuousAudio.ts';
import { OPUS_SILENCE, type RtpPacket } from './rtp.ts';

const T0 = 1_000_000;
/** A 20 ms CELT frame that is not silence. */
const VOICE = Buffer.from([0xf8, 0x01, 0x02, 0x03]);
const voice = (ssrc: number, sequenceNumber: number, timestamp: number): RtpPacket => ({
  payloadType: 111,
  marker: false,
  sequenceNumber,
  timestamp: timestamp >>> 0,
  ssrc,
  payload: VOICE,
});

/** Feeds a voice every 20 ms from `fromMs` to `toMs` (track time), ticking as a timer would. */
function speak(track: ContinuousAudio, source: string, ssrc: number, fromMs: number, toMs: number, firstTs = 5_000, sent: RtpPacket[] = []) {
  for (let ms = fromMs, i = 0; ms < toMs; ms += 20, i++) {
    sent.push(...track.tick(T0 + ms));
    sent.push(...track.push(source, voice(ssrc, 100 + i, firstTs + i * 960), T0 + ms + 5));
  }
  return sent;
}

function silence(track: ContinuousAudio, fromMs: number, toMs: number, sent: RtpPacket[] = []) {
  for (let ms = fromMs; ms < toMs; ms += 20) sent.push(...track.tick(T0 + ms));
  return sent;
}

function expectContinuous(packets: RtpPacket[], firstSequence = 0, firstTimestamp = 0) {
  packets.forEach((packet, index) => {
    expect(packet.sequenceNumber).toBe((firstSequence + index) & 0xffff);
    expect(packet.timestamp).toBe((firstTimestamp + index * 960) >>> 0);
    expect(packet.ssrc).toBe(42);
  });
}

describe('ContinuousAudio', () => {
  it('a silent track is all silence frames, as long as the clock ran', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0 });
    const sent = silence(track, 0, 6_000);
    sent.push(...track.finish(T0 + 6_000));
    expect(sent).toHaveLength(300);
    expect(sent.every((p) => p.payload.equals(OPUS_SILENCE))).toBe(true);
    expectContinuous(sent);
    expect(track.writtenMs).toBe(6_000);
  });

  it('fills silence as the clock runs (held back a little for late packets), not in one burst at the end', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0, holdBackMs: 300 });
    let writtenMs = 0;
    for (let ms = 0; ms <= 3_000; ms += 20) {
      writtenMs += track.tick(T0 + ms).length * 20;
      // Never ahead of the clock, never more than the hold-back (and one frame) behind it.
      expect(writtenMs, `at ${ms} ms`).toBeLessThanOrEqual(ms);
      expect(writtenMs, `at ${ms} ms`).toBeGreaterThanOrEqual(ms - 300 - 20);
    }
    // What finishing adds is the held-back end only.
    expect(track.finish(T0 + 3_000).length * 20).toBeLessThanOrEqual(320);
    expect(track.writtenMs).toBe(3_000);
  });

  it('one track through voice, cough, handover to a partner and back: continuous, with each voice where it spoke', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0, firstSequence: 65_500, firstTimestamp: 0xffff0000 });
    const sent: RtpPacket[] = [];
    silence(track, 0, 1_000, sent); // nobody on air
    speak(track, 'amal', 7, 1_000, 2_000, 123_456, sent);
    silence(track, 2_000, 2_500, sent); // cough
    speak(track, 'amal', 7, 2_500, 3_000, 123_456 + 1_500 * 48, sent);
    speak(track, 'bruno', 9, 3_000, 4_000, 0xfffff000, sent); // handover (his timestamps wrap)
    speak(track, 'amal', 7, 4_000, 5_000, 123_456 + 3_000 * 48, sent);
    silence(track, 5_000, 6_000, sent);
    sent.push(...track.finish(T0 + 6_000));

    expectContinuous(sent, 65_500, 0xffff0000);
    expect(track.writtenMs).toBeCloseTo(6_000, -2);
    // Who is heard at each moment of the track (ms), within the 40 ms a new run may start behind the clock.
    const at = (ms: number) => {
      const packet = sent[Math.floor(ms / 20)]!;
      return packet.payload.equals(OPUS_SILENCE) ? 'silence' : 'voice';
    };
    expect([at(500), at(1_500), at(2_250), at(2_800), at(3_500), at(4_500), at(5_500)]).toEqual(['silence', 'voice', 'silence', 'voice', 'voice', 'voice', 'silence']);
    const voiced = sent.filter((p) => p.payload.equals(VOICE)).length;
    expect(voiced).toBe(50 + 25 + 50 + 50);
    expect(track.silentMs).toBeCloseTo(6_000 - voiced * 20, -2);
  });

  it('a short gap inside one voice (DTX, a lost packet) is filled and the voice goes on after it', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0 });
    const first = track.push('a', voice(1, 1, 1000), T0 + 20);
    // The next packet is 3 frames later in its own clock: two frames of silence in between.
    const next = track.push('a', voice(1, 2, 1000 + 3 * 960), T0 + 100);
    expect([...first, ...next].map((p) => (p.payload.equals(OPUS_SILENCE) ? 's' : 'v')).join('')).toBe('v' + 'ssv');
    expectContinuous([...first, ...next]);
  });

  it('drops late, repeated and overlapping packets instead of writing over what is written', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0 });
    const sent = [...track.push('a', voice(1, 1, 960), T0), ...track.push('a', voice(1, 2, 1920), T0 + 20)];
    expect(track.push('a', voice(1, 2, 1920), T0 + 25)).toEqual([]); // repeated
    expect(track.push('a', voice(1, 0, 0), T0 + 25)).toEqual([]); // late
    sent.push(...track.push('a', voice(1, 3, 2880), T0 + 40));
    expectContinuous(sent);
  });

  it('a voice whose packets come late after a stall is written, not lost to silence', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0, holdBackMs: 300 });
    const sent = speak(track, 'a', 1, 0, 1_000);
    // The event loop stalls 200 ms: the packets of that time come in a burst, then go on.
    for (let i = 0; i < 10; i++) sent.push(...track.push('a', voice(1, 200 + i, 5_000 + (50 + i) * 960), T0 + 1_200));
    sent.push(...track.tick(T0 + 1_200));
    expect(sent.filter((p) => p.payload.equals(OPUS_SILENCE))).toHaveLength(0);
    expectContinuous(sent);
  });

  it('does not flood after a long stall of the clock: at most a second of silence per tick', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0 });
    expect(track.tick(T0 + 60_000)).toHaveLength(50);
  });

  it('ignores malformed Opus', () => {
    const track = new ContinuousAudio({ ssrc: 42, payloadType: 111, startedAt: T0 });
    expect(track.push('a', { ...voice(1, 1, 0), payload: Buffer.alloc(0) }, T0)).toEqual([]);
  });
});

describe('KeyFrameGate', () => {
  it('passes from the first key frame on', () => {
    const gate = new KeyFrameGate((payload) => payload[0] === 1);
    const packet = (first: number): RtpPacket => ({ payloadType: 96, marker: false, sequenceNumber: 0, timestamp: 0, ssrc: 1, payload: Buffer.from([first]) });
    expect([0, 0, 1, 0, 0].map((first) => gate.pass(packet(first)))).toEqual([false, false, true, true, true]);
  });
});
