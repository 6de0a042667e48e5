import { z } from 'zod';

// What server processes say to each other to pipe a producer from the process that owns it to
// one whose listeners need it (see ProcessPipes). Checked on arrival like any other input.

const SrtpParametersSchema = z.object({
  cryptoSuite: z.enum(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']),
  keyBase64: z.string().min(1).max(200),
});

/** One end of a pipe: where its UDP socket is and the SRTP key it sends with. */
export const PipeEndSchema = z.object({
  ip: z.string().min(1).max(100),
  port: z.number().int().min(1).max(65535),
  srtpParameters: SrtpParametersSchema,
});
export type PipeEnd = z.infer<typeof PipeEndSchema>;

const id = z.string().min(1).max(100);

export const PipeRequestSchema = z.discriminatedUnion('type', [
  /** Open the owner's end of a pipe for a session, connected to the asker's end. */
  z.object({ type: z.literal('openPipe'), sessionId: id, end: PipeEndSchema }),
  /** Send a producer down an open pipe. */
  z.object({ type: z.literal('pipeProducer'), sessionId: id, pipeId: id, producerId: id }),
]);
export type PipeRequest = z.infer<typeof PipeRequestSchema>;

export const OpenPipeAnswerSchema = z.object({ pipeId: id, end: PipeEndSchema });
export const PipeProducerAnswerSchema = z.object({
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.record(z.string(), z.unknown()),
  paused: z.boolean(),
});

export const PipeNoticeSchema = z.discriminatedUnion('type', [
  /** From the owner: a piped producer paused, resumed or closed there. */
  z.object({ type: z.enum(['producerPaused', 'producerResumed', 'producerClosed']), sessionId: id, producerId: id }),
  /** From the asker: nobody here needs the session's pipes any more. */
  z.object({ type: z.literal('closePipes'), sessionId: id }),
]);
export type PipeNotice = z.infer<typeof PipeNoticeSchema>;
