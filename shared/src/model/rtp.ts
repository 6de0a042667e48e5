import { z } from 'zod';

// These mirror mediasoup's RTP/ICE/DTLS types closely enough to reject garbage at the door;
// mediasoup re-checks the fine detail, and unknown extra fields are kept for it to judge.
//
// Whatever a producer sends that mediasoup copies into other people's SDP (codec names and
// parameters, feedback, header extension URIs, mids, rids, the RTCP cname) — and into the
// recorder's SDP for ffmpeg — must be a single clean token: a CR/LF or a space there would
// let one speaker write lines into every listener's session description.

const Int = z.number().int();

/** One SDP token: printable ASCII without spaces, and without `;` (fmtp's separator). */
const SDP_TOKEN = /^[\x21-\x3a\x3c-\x7e]+$/;
const sdpToken = (max: number) => z.string().min(1).max(max).regex(SDP_TOKEN, 'must be a single token: printable characters, no spaces or line breaks');
/** A token that may be empty (a browser that has no RTCP cname to give sends ""). */
const optionalSdpToken = (max: number) => z.string().max(max).regex(/^[\x21-\x3a\x3c-\x7e]*$/, 'must be a single token: printable characters, no spaces or line breaks');
/** An identifier in SDP (mid, rid, feedback types): letters, digits, `-` and `_`. */
const sdpIdentifier = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, - and _ only');

/**
 * The fmtp parameters the codecs Multaqa offers (Opus, VP8, H264, and their RTX), and those a
 * browser may add for VP9, AV1 and H265, use. Any other key is refused: it would only be carried
 * into listeners' SDP for nobody.
 */
export const CODEC_PARAMETER_NAMES = [
  // Opus (RFC 7587)
  'minptime', 'ptime', 'maxptime', 'useinbandfec', 'usedtx', 'stereo', 'sprop-stereo', 'maxplaybackrate', 'sprop-maxcapturerate', 'maxaveragebitrate', 'cbr',
  // VP8, VP9, AV1
  'max-fr', 'max-fs', 'profile-id', 'profile', 'level-idx', 'tier',
  // H264 (RFC 6184) and H265
  'packetization-mode', 'profile-level-id', 'level-asymmetry-allowed', 'tier-flag', 'level-id', 'tx-mode',
  // RTX (RFC 4588)
  'apt', 'rtx-time',
  // libwebrtc's bitrate hints (mediasoup-client's codec options)
  'x-google-start-bitrate', 'x-google-max-bitrate', 'x-google-min-bitrate',
] as const;

const CodecParameterValueSchema = z.union([Int.min(0).max(2 ** 32), sdpToken(64)]);

export const CodecParametersSchema = z
  .record(z.string().max(32), CodecParameterValueSchema)
  .superRefine((parameters, context) => {
    const names: readonly string[] = CODEC_PARAMETER_NAMES;
    const keys = Object.keys(parameters);
    if (keys.length > 16) context.addIssue({ code: 'custom', message: 'at most 16 codec parameters' });
    for (const key of keys) {
      if (!names.includes(key)) context.addIssue({ code: 'custom', path: [key], message: `unknown codec parameter ${JSON.stringify(key.slice(0, 32))}` });
    }
  });

export const RtcpFeedbackSchema = z.looseObject({
  type: sdpIdentifier(32).min(1),
  parameter: sdpIdentifier(32).optional(),
});

/** `audio/opus`, `video/VP8`: the type, then the codec's name as rtpmap spells it. */
const MimeTypeSchema = z.string().max(64).regex(/^(audio|video)\/[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be audio/<name> or video/<name>');
/** An RTP header extension: an absolute URI (urn:… or http://…), one token. */
const HeaderExtensionUriSchema = sdpToken(256).regex(/^[A-Za-z][A-Za-z0-9+.-]*:/, 'must be an absolute URI');
const MidSchema = sdpIdentifier(32).min(1);

export const RtpCodecCapabilitySchema = z.looseObject({
  kind: z.enum(['audio', 'video']),
  mimeType: MimeTypeSchema,
  preferredPayloadType: Int.min(0).max(127).optional(),
  clockRate: Int.positive().max(1_000_000),
  channels: Int.min(1).max(8).optional(),
  parameters: CodecParametersSchema.optional(),
  rtcpFeedback: z.array(RtcpFeedbackSchema).max(32).optional(),
});

export const RtpHeaderExtensionSchema = z.looseObject({
  kind: z.enum(['audio', 'video']),
  uri: HeaderExtensionUriSchema,
  preferredId: Int.min(1).max(255),
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});

/** What a device can receive; sent with `media:consume`. */
export const RtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(RtpCodecCapabilitySchema).max(64).optional(),
  headerExtensions: z.array(RtpHeaderExtensionSchema).max(64).optional(),
});
export type RtpCapabilitiesPayload = z.infer<typeof RtpCapabilitiesSchema>;

export const RtpCodecParametersSchema = z.looseObject({
  mimeType: MimeTypeSchema,
  payloadType: Int.min(0).max(127),
  clockRate: Int.positive().max(1_000_000),
  channels: Int.min(1).max(8).optional(),
  parameters: CodecParametersSchema.optional(),
  rtcpFeedback: z.array(RtcpFeedbackSchema).max(32).optional(),
});

export const RtpEncodingSchema = z.looseObject({
  ssrc: Int.nonnegative().max(2 ** 32 - 1).optional(),
  rid: sdpIdentifier(32).min(1).optional(),
  rtx: z.looseObject({ ssrc: Int.nonnegative().max(2 ** 32 - 1) }).optional(),
  maxBitrate: Int.positive().optional(),
  scalabilityMode: z.string().max(16).regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only').optional(),
  dtx: z.boolean().optional(),
});

/** What a producer sends; sent with `media:produce`. */
export const RtpParametersSchema = z.looseObject({
  mid: MidSchema.optional(),
  codecs: z.array(RtpCodecParametersSchema).min(1).max(32),
  headerExtensions: z
    .array(
      z.looseObject({
        uri: HeaderExtensionUriSchema,
        id: Int.min(1).max(255),
        encrypt: z.boolean().optional(),
        parameters: z.record(sdpIdentifier(32), z.union([sdpToken(64), z.number(), z.boolean()])).optional(),
      }),
    )
    .max(32)
    .optional(),
  encodings: z.array(RtpEncodingSchema).max(8).optional(),
  rtcp: z
    .looseObject({
      cname: optionalSdpToken(256).optional(),
      reducedSize: z.boolean().optional(),
    })
    .optional(),
});
export type RtpParametersPayload = z.infer<typeof RtpParametersSchema>;

export const DtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.object({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().min(1).max(256).regex(/^[0-9A-Fa-f:]+$/, 'hexadecimal bytes separated by colons'),
      }),
    )
    .min(1)
    .max(8),
});
export type DtlsParametersPayload = z.infer<typeof DtlsParametersSchema>;

// Server → client shapes are produced by mediasoup itself; they are described, not re-checked.
export const IceParametersSchema = z.looseObject({
  usernameFragment: z.string(),
  password: z.string(),
  iceLite: z.boolean().optional(),
});
export type IceParametersPayload = z.infer<typeof IceParametersSchema>;
export const IceCandidateSchema = z.looseObject({
  foundation: z.string(),
  priority: z.number(),
  address: z.string(),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number(),
  type: z.string(),
});
