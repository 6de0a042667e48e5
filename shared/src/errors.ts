import { z } from 'zod';

/** Every error code a request ack can carry. Clients switch on these, never on messages. */
export const ErrorCodeSchema = z.enum([
  /** The payload did not match the request's schema. */
  'VALIDATION_FAILED',
  /** The join token is missing, malformed, expired or not signed by this server. */
  'UNAUTHENTICATED',
  /** The caller's role does not allow this request. */
  'FORBIDDEN',
  /** The request needs a joined session and the socket has not joined one. */
  'NOT_JOINED',
  /** This socket already joined a session. */
  'ALREADY_JOINED',
  /** The session, transport, producer or consumer does not exist (or is not the caller's). */
  'NOT_FOUND',
  /** The request is well-formed but not valid now (e.g. consuming with incompatible capabilities). */
  'INVALID_STATE',
  /** The caller sends requests too fast. */
  'RATE_LIMITED',
  /**
   * The server cannot take this change now (its Redis is unreachable, or it is shutting down);
   * nothing changed. Try again in a moment, or reconnect.
   */
  'UNAVAILABLE',
  /** Something failed on the server; details are in the server log, not in the ack. */
  'INTERNAL',
  /** The server has too little free disk space for this (a recording: see RECORDINGS_MIN_FREE_MB). */
  'INSUFFICIENT_STORAGE',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Every request is answered with exactly one ack of this shape. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Builds the zod schema of an ack whose success data is `data`. */
export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBodySchema }),
  ]);
}
