import type { Redis } from 'ioredis';
import { z } from 'zod';
import { AudioLevelSchema, LanguageCodeSchema, ListenerCountsSchema, ParticipantIdSchema, ProcessLoadSchema, SlugSchema } from '@multaqa/shared';
import type { ProcessSessionSnapshot } from '../domain/operator/overview.ts';
import type { Logger } from '../logger.ts';
import { ProcessBus } from './processBus.ts';

const OperatorRequestSchema = z.object({ type: z.literal('sessionSnapshot'), sessionId: SlugSchema });
type OperatorRequest = z.infer<typeof OperatorRequestSchema>;

const ProcessSessionSnapshotSchema: z.ZodType<ProcessSessionSnapshot> = z.object({
  processId: z.string().min(1),
  load: ProcessLoadSchema,
  session: z
    .object({
      participants: z.number().int().nonnegative(),
      listeners: ListenerCountsSchema,
      voices: z.array(z.object({ participantId: ParticipantIdSchema, language: LanguageCodeSchema, paused: z.boolean(), level: AudioLevelSchema.nullable() })),
    })
    .nullable(),
});

/** The operator bus of a process has its own address beside the pipes' bus (each parses only its own requests). */
const addressOf = (processId: string) => `${processId}/operator`;

/** How long a process may take to answer before the overview counts it out. */
const ANSWER_TIMEOUT_MS = 1_500;

/**
 * Asks server processes for their part of a session (its people, listeners and voices there,
 * and the process's load) over the request/answer bus, for the operator overview; and answers
 * the others' questions for this process.
 */
export class OperatorBus {
  private constructor(
    private readonly bus: ProcessBus<OperatorRequest, never>,
    private readonly processId: string,
    private readonly answer: (sessionId: string) => Promise<ProcessSessionSnapshot>,
    private readonly logger: Logger,
  ) {}

  static async open(options: {
    redis: Redis;
    processId: string;
    answer: (sessionId: string) => Promise<ProcessSessionSnapshot>;
    logger: Logger;
  }): Promise<OperatorBus> {
    const { redis, processId, answer, logger } = options;
    const bus = await ProcessBus.open(
      redis,
      addressOf(processId),
      { request: OperatorRequestSchema, notice: z.never() },
      { request: (request) => answer(request.sessionId), notice: () => undefined },
      logger,
    );
    return new OperatorBus(bus, processId, answer, logger);
  }

  /** The answers of `processIds` (this one answers itself) that came within the timeout. */
  async ask(processIds: readonly string[], sessionId: string): Promise<ProcessSessionSnapshot[]> {
    const answers = await Promise.all(
      processIds.map(async (processId) => {
        try {
          if (processId === this.processId) return await this.answer(sessionId);
          const body = await this.bus.request(addressOf(processId), { type: 'sessionSnapshot', sessionId }, ANSWER_TIMEOUT_MS);
          const parsed = ProcessSessionSnapshotSchema.safeParse(body);
          if (parsed.success && parsed.data.processId === processId) return parsed.data;
          this.logger.warn({ from: processId }, 'ignored a malformed session snapshot from another process');
        } catch (error) {
          this.logger.debug({ err: error, from: processId }, 'a process did not answer the operator overview');
        }
        return undefined;
      }),
    );
    return answers.filter((answer): answer is ProcessSessionSnapshot => answer !== undefined);
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
