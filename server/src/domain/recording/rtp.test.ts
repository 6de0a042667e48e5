import { describe, expect, it } from 'vitest';
import { buildRtp, opusPacketSamples, parseRtp, startsKeyFrame, timestampDelta, OPUS_SILENCE } from './rtp.ts';

describe('RTP packets', () => {
  it('reads what it builds', () => {
    const payload = Buffer.from([1, 2, 3, 4]);
    const built = buildRtp({ payloadType: 100, marker: true, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payload });
    expect(parseRtp(built)).toEqual({ payloadType: 100, marker: true, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payload });
  });

  it('skips CSRCs, a header extension and padding', () => {
    const header = Buffer.from([0xb1, 0x64, 0, 7, 0, 0, 0, 9, 0, 0, 0, 1]); // V=2, P, X, CC=1
    const csrc = Buffer.alloc(4);
    const extension = Buffer.from([0xbe, 0xde, 0, 1, 0x10, 0xff, 0, 0]);
    const payload = Buffer.from([0xaa, 0xbb]);
    const padding = Buffer.from([0, 0, 3]);
    const parsed = parseRtp(Buffer.concat([header, csrc, extension, payload, padding]));
    expect(parsed).toMatchObject({ payloadType: 100, sequenceNumber: 7, timestamp: 9, ssrc: 1 });
    expect([...parsed!.payload]).toEqual([0xaa, 0xbb]);
  });

  it('refuses what is not RTP', () => {
    expect(parseRtp(Buffer.alloc(5))).toBeUndefined();
    expect(parseRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    // An extension longer than the packet.
    expect(parseRtp(Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 9]))).toBeUndefined();
  });

  it('subtracts wrapped timestamps', () => {
    expect(timestampDelta(10, 0xfffffff6)).toBe(20);
    expect(timestampDelta(0xfffffff6, 10)).toBe(-20);
  });
});

describe('Opus packet durations', () => {
  it('reads the frame size and count from the TOC byte', () => {
    expect(opusPacketSamples(OPUS_SILENCE)).toBe(960); // CELT 20 ms
    expect(opusPacketSamples(Buffer.from([(1 << 3) | 0]))).toBe(960); // SILK NB 20 ms
    expect(opusPacketSamples(Buffer.from([(3 << 3) | 1]))).toBe(2 * 2880); // two SILK 60 ms frames
    expect(opusPacketSamples(Buffer.from([(16 << 3) | 0]))).toBe(120); // CELT 2.5 ms
    expect(opusPacketSamples(Buffer.from([(31 << 3) | 3, 3]))).toBe(3 * 960);
  });

  it('refuses malformed packets', () => {
    expect(opusPacketSamples(Buffer.alloc(0))).toBeUndefined();
    expect(opusPacketSamples(Buffer.from([(31 << 3) | 3]))).toBeUndefined();
    expect(opusPacketSamples(Buffer.from([(3 << 3) | 3, 3]))).toBeUndefined(); // 180 ms: too long
  });
});

describe('key frames', () => {
  it('finds the start of a VP8 key frame', () => {
    expect(startsKeyFrame('vp8', Buffer.from([0x10, 0x00]))).toBe(true); // S=1, PID 0, P=0
    expect(startsKeyFrame('vp8', Buffer.from([0x10, 0x01]))).toBe(false); // inter frame
    expect(startsKeyFrame('vp8', Buffer.from([0x00, 0x00]))).toBe(false); // not a partition start
    // X with a 15-bit PictureID, TL0PICIDX and TID/KEYIDX: the payload header is at offset 6.
    expect(startsKeyFrame('vp8', Buffer.from([0x90, 0xf0, 0x80, 0x01, 0x05, 0x20, 0x00]))).toBe(true);
    expect(startsKeyFrame('vp8', Buffer.from([0x90, 0xf0, 0x80, 0x01, 0x05, 0x20, 0x01]))).toBe(false);
  });

  it('finds an H264 IDR or SPS in single NAL units, STAP-A and the first FU-A fragment', () => {
    expect(startsKeyFrame('h264', Buffer.from([0x65]))).toBe(true);
    expect(startsKeyFrame('h264', Buffer.from([0x41]))).toBe(false);
    expect(startsKeyFrame('h264', Buffer.from([0x78, 0, 2, 0x67, 0, 0, 1, 0x68]))).toBe(true);
    expect(startsKeyFrame('h264', Buffer.from([0x7c, 0x85]))).toBe(true);
    expect(startsKeyFrame('h264', Buffer.from([0x7c, 0x05]))).toBe(false); // not the first fragment
  });
});
