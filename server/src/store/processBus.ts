import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { subscriberOf } from './redisHealth.ts';
import { z } from 'zod';
import type { Logger } from '../logger.ts';

/** Each server process listens on its own channel: `multaqa:bus:<process id>`. */
const channelOf = (processId: string) => `multaqa:bus:${processId}`;

const EnvelopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), id: z.string().min(1), from: z.string().min(1), body: z.unknown() }),
  z.object({ kind: z.literal('reply'), id: z.string().min(1), ok: z.boolean(), body: z.unknown(), error: z.string().optional() }),
  z.object({ kind: z.literal('notice'), from: z.string().min(1), body: z.unknown() }),
]);
type Envelope = z.infer<typeof EnvelopeSchema>;

export type BusHandlers<Request, Notice> = {
  /** Answers another process's request; a thrown error reaches the asker as a failed request. */
  request: (body: Request, from: string) => Promise<unknown>;
  notice: (body: Notice, from: string) => void;
};

export class BusRequestError extends Error {
  override name = 'BusRequestError';
}

/**
 * Requests, answers and one-way notices between server processes, over Redis pub/sub: a
 * channel per process, each request carrying an id its answer echoes. Pub/sub, not streams,
 * because nothing here may outlive the moment: a request to a process that is gone must fail
 * fast (by timeout) rather than wait for it in a queue, and a restarted process has none of the
 * objects an old request spoke of.
 */
export class ProcessBus<Request, Notice> {
  readonly #pending = new Map<string, { resolve: (body: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    readonly processId: string,
    private readonly schemas: { request: z.ZodType<Request>; notice: z.ZodType<Notice> },
    private readonly logger: Logger,
  ) {}

  static async open<Request, Notice>(
    redis: Redis,
    processId: string,
    schemas: { request: z.ZodType<Request>; notice: z.ZodType<Notice> },
    handlers: BusHandlers<Request, Notice>,
    logger: Logger,
  ): Promise<ProcessBus<Request, Notice>> {
    const subscriber = subscriberOf(redis);
    const bus = new ProcessBus(redis, subscriber, processId, schemas, logger);
    subscriber.on('message', (_channel: string, raw: string) => bus.#receive(raw, handlers));
    await subscriber.subscribe(channelOf(processId));
    return bus;
  }

  /** Asks `processId`; rejects with BusRequestError on its refusal or after `timeoutMs` without an answer. */
  request(processId: string, body: Request, timeoutMs = 5_000): Promise<unknown> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BusRequestError(`process ${processId} did not answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#publish(processId, { kind: 'request', id, from: this.processId, body }).catch((error: unknown) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  notify(processId: string, body: Notice): void {
    this.#publish(processId, { kind: 'notice', from: this.processId, body }).catch((error: unknown) =>
      this.logger.warn({ err: error, to: processId }, 'could not send a notice to another process'),
    );
  }

  async close(): Promise<void> {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new BusRequestError('this process is shutting down'));
      this.#pending.delete(id);
    }
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  async #publish(processId: string, envelope: Envelope): Promise<void> {
    await this.redis.publish(channelOf(processId), JSON.stringify(envelope));
  }

  #receive(raw: string, handlers: BusHandlers<Request, Notice>): void {
    let envelope: Envelope;
    try {
      envelope = EnvelopeSchema.parse(JSON.parse(raw));
    } catch (error) {
      this.logger.warn({ err: error }, 'ignored a malformed message from another process');
      return;
    }
    if (envelope.kind === 'reply') {
      const pending = this.#pending.get(envelope.id);
      if (!pending) return; // answered too late: the asker gave up
      this.#pending.delete(envelope.id);
      clearTimeout(pending.timer);
      if (envelope.ok) pending.resolve(envelope.body);
      else pending.reject(new BusRequestError(envelope.error ?? 'refused'));
      return;
    }
    if (envelope.kind === 'notice') {
      const notice = this.schemas.notice.safeParse(envelope.body);
      if (!notice.success) return this.logger.warn({ from: envelope.from }, 'ignored a malformed notice from another process');
      handlers.notice(notice.data, envelope.from);
      return;
    }
    const { id, from } = envelope;
    const request = this.schemas.request.safeParse(envelope.body);
    const answer = request.success ? handlers.request(request.data, from) : Promise.reject(new Error('malformed request'));
    answer.then(
      (body) => this.#publish(from, { kind: 'reply', id, ok: true, body }),
      (error: unknown) => this.#publish(from, { kind: 'reply', id, ok: false, body: null, error: error instanceof Error ? error.message : String(error) }),
    ).catch((error: unknown) => this.logger.warn({ err: error, to: from }, 'could not answer another process'));
  }
}
