import { z } from 'zod';

/**
 * What a client may send between a request's payload and its ack (`emit(event, payload, meta,
 * ack)`; the two-argument form stays valid). `answerBy`: the time on the server's clock (ms since
 * the epoch) after which the client no longer waits for the answer. A request that has not
 * started well before then is refused, UNAVAILABLE, without being carried out: what a page said
 * had failed must not happen later, however long the request took to arrive.
 */
export const RequestMetaSchema = z.strictObject({ answerBy: z.number().int().positive() });
export type RequestMeta = z.infer<typeof RequestMetaSchema>;
