import { z } from 'zod';

// These mirror mediasoup's RTP/ICE/DTLS types closely enough to reject garbage at the door;
// mediasoup re-checks the fine detail, and unknown extra fields are kept for it to judge.

const Int = z.number().int();

export const RtcpFeedbackSchema = z.looseObject({
  type: z.string().max(64),
  parameter: z.string().max(64).optional(),
});

const CodecParametersSchema = z.record(z.string().max(64), z.union([z.string().max(256), z.number()]));

export const RtpCodecCapabilitySchema = z.looseObject({
  kind: z.enum(['audio', 'video']),
  mimeType: z.string().min(3).max(64),
  preferredPayloadType: Int.min(0).max(127).optional(),
  clockRate: Int.positive(),
  channels: Int.min(1).max(8).optional(),
  parameters: CodecParametersSchema.optional(),
  rtcpFeedback: z.array(RtcpFeedbackSchema).max(32).optional(),
});

export const RtpHeaderExtensionSchema = z.looseObject({
  kind: z.enum(['audio', 'video']),
  uri: z.string().max(256),
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
  mimeType: z.string().min(3).max(64),
  payloadType: Int.min(0).max(127),
  clockRate: Int.positive(),
  channels: Int.min(1).max(8).optional(),
  parameters: CodecParametersSchema.optional(),
  rtcpFeedback: z.array(RtcpFeedbackSchema).max(32).optional(),
});

export const RtpEncodingSchema = z.looseObject({
  ssrc: Int.nonnegative().optional(),
  rid: z.string().max(32).optional(),
  rtx: z.looseObject({ ssrc: Int.nonnegative() }).optional(),
  maxBitrate: Int.positive().optional(),
  scalabilityMode: z.string().max(16).optional(),
  dtx: z.boolean().optional(),
});

/** What a producer sends; sent with `media:produce`. */
export const RtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(RtpCodecParametersSchema).min(1).max(32),
  headerExtensions: z
    .array(
      z.looseObject({
        uri: z.string().max(256),
        id: Int.min(1).max(255),
        encrypt: z.boolean().optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .max(32)
    .optional(),
  encodings: z.array(RtpEncodingSchema).max(8).optional(),
  rtcp: z
    .looseObject({
      cname: z.string().max(256).optional(),
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
        value: z.string().min(1).max(256),
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
