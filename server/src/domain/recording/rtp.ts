/** The fields of an RTP packet (RFC 3550) a recording needs, read without copying the payload. */
export type RtpPacket = {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** The media payload (after CSRCs, header extension and before padding). */
  payload: Buffer;
};

const HEADER = 12;

/** Reads an RTP packet; undefined for anything that is not one (too short, wrong version, bad lengths). */
export function parseRtp(packet: Buffer): RtpPacket | undefined {
  if (packet.length < HEADER || packet[0]! >> 6 !== 2) return undefined;
  const first = packet[0]!;
  const csrcs = first & 0x0f;
  let offset = HEADER + csrcs * 4;
  if (first & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  let end = packet.length;
  if (first & 0x20) end -= packet[packet.length - 1]!;
  if (offset > end) return undefined;
  return {
    payloadType: packet[1]! & 0x7f,
    marker: (packet[1]! & 0x80) !== 0,
    sequenceNumber: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    payload: packet.subarray(offset, end),
  };
}

/** A plain RTP packet (no CSRCs, no extension, no padding): what ffmpeg is sent. */
export function buildRtp(fields: RtpPacket): Buffer {
  const packet = Buffer.allocUnsafe(HEADER + fields.payload.length);
  packet[0] = 0x80;
  packet[1] = (fields.marker ? 0x80 : 0) | (fields.payloadType & 0x7f);
  packet.writeUInt16BE(fields.sequenceNumber & 0xffff, 2);
  packet.writeUInt32BE(fields.timestamp >>> 0, 4);
  packet.writeUInt32BE(fields.ssrc >>> 0, 8);
  fields.payload.copy(packet, HEADER);
  return packet;
}

/** `a - b` for 32-bit RTP timestamps that may have wrapped, as a signed number. */
export function timestampDelta(a: number, b: number): number {
  return ((a - b) | 0);
}

/**
 * Samples (at 48 kHz) in one Opus packet, from its TOC byte (RFC 6716, 3.1); undefined when the
 * packet is malformed.
 */
export function opusPacketSamples(payload: Buffer): number | undefined {
  if (payload.length === 0) return undefined;
  const toc = payload[0]!;
  const config = toc >> 3;
  // Frame sizes in units of 2.5 ms: SILK 10/20/40/60, hybrid 10/20, CELT 2.5/5/10/20.
  const units = config < 12 ? [4, 8, 16, 24][config % 4]! : config < 16 ? [4, 8][config % 2]! : [1, 2, 4, 8][config % 4]!;
  const code = toc & 0x03;
  let frames = 1;
  if (code === 1 || code === 2) frames = 2;
  if (code === 3) {
    if (payload.length < 2) return undefined;
    frames = payload[1]! & 0x3f;
    if (frames === 0) return undefined;
  }
  const samples = frames * units * 120;
  // RFC 6716: a packet holds at most 120 ms.
  return samples > 5760 ? undefined : samples;
}

/** One 20 ms Opus frame of silence (CELT, fullband, code 0), as decoders and WebRTC stacks use it. */
export const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
export const OPUS_SILENCE_SAMPLES = 960;

/**
 * Whether a video RTP payload starts a key frame, for the codecs the routers offer (VP8,
 * H264): a recording starts at one so its first frame decodes.
 */
export function startsKeyFrame(codec: 'vp8' | 'h264', payload: Buffer): boolean {
  return codec === 'vp8' ? vp8StartsKeyFrame(payload) : h264HasKeyFrame(payload);
}

function vp8StartsKeyFrame(payload: Buffer): boolean {
  // RFC 7741 payload descriptor, then the VP8 payload header whose P bit is 0 on key frames.
  if (payload.length < 1) return false;
  const first = payload[0]!;
  const start = (first & 0x10) !== 0 && (first & 0x07) === 0;
  if (!start) return false;
  let offset = 1;
  if (first & 0x80) {
    if (payload.length < 2) return false;
    const extension = payload[1]!;
    offset = 2;
    if (extension & 0x80) offset += payload.length > offset && payload[offset]! & 0x80 ? 2 : 1; // PictureID
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID / KEYIDX
  }
  return payload.length > offset && (payload[offset]! & 0x01) === 0;
}

function h264HasKeyFrame(payload: Buffer): boolean {
  if (payload.length < 1) return false;
  const type = payload[0]! & 0x1f;
  const isKey = (nal: number) => nal === 5 || nal === 7;
  if (type === 24) {
    // STAP-A: 16-bit sizes, each followed by a NAL unit.
    for (let offset = 1; offset + 2 < payload.length; ) {
      const size = payload.readUInt16BE(offset);
      if (isKey(payload[offset + 2]! & 0x1f)) return true;
      offset += 2 + size;
    }
    return false;
  }
  if (type === 28) return payload.length > 1 && (payload[1]! & 0x80) !== 0 && isKey(payload[1]! & 0x1f);
  return isKey(type);
}

/**
 * RTCP BYE for `ssrc` (RFC 3550, 6.6): ffmpeg ends its input on it and writes the file's end.
 * Listed twice, because ffmpeg drops RTP and RTCP packets shorter than 12 bytes.
 */
export function rtcpBye(ssrc: number): Buffer {
  const packet = Buffer.alloc(12);
  packet[0] = 0x82;
  packet[1] = 203;
  packet.writeUInt16BE(2, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  packet.writeUInt32BE(ssrc >>> 0, 8);
  return packet;
}

/**
 * A receiver report about nobody: a keep-alive, because ffmpeg ends an RTP input that has been
 * quiet for 10 s (a camera turned off for a while), and otherwise ignores this packet.
 */
export function rtcpKeepAlive(ssrc: number): Buffer {
  const packet = Buffer.alloc(32);
  packet[0] = 0x81;
  packet[1] = 201;
  packet.writeUInt16BE(7, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  return packet;
}
