import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DisplayNameSchema, ParticipantIdSchema, SlugSchema } from '@multaqa/shared';
import type { ProcessLiveness } from './processLiveness.ts';

export const RECORDING_CHANNEL = 'multaqa:recording-changed';

const PersonSchema = z.object({ id: ParticipantIdSchema, name: DisplayNameSchema });

/**
 * Who records a session: one process at a time. `startedAt` is null while its tracks are set
 * up (nobody is told yet), then the recording's start (ms since epoch).
 */
export const RecordingClaimSchema = z.object({
  id: z.uuid(),
  processId: z.string().min(1),
  by: PersonSchema,
  startedAt: z.number().int().nonnegative().nullable(),
});
export type RecordingClaim = z.infer<typeof RecordingClaimSchema>;

export const RecordingMessageSchema = z.discriminatedUnion('kind', [
  /**
   * The session's recording began (a claim with `startedAt`) or ended (`null`; `interrupted`:
   * its process went away before anyone stopped it).
   */
  z.object({
    kind: z.literal('changed'),
    sessionId: SlugSchema,
    recording: RecordingClaimSchema.nullable(),
    interrupted: z.boolean().optional(),
  }),
  /** A moderator on some process asks the recording process to stop. */
  z.object({ kind: z.literal('stop'), sessionId: SlugSchema, recordingId: z.uuid(), by: PersonSchema }),
]);
export type RecordingMessage = z.infer<typeof RecordingMessageSchema>;

const claimKey = (sessionId: string) => `multaqa:recording:${sessionId}`;

/** Replaces or deletes the claim only while it is still recording `ARGV[1]`. */
const IF_SAME_RECORDING = `
local raw = redis.call('GET', KEYS[1])
if not raw or cjson.decode(raw).id ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

/**
 * Which process records each session, in Redis, so that every process shows the indicator
 * and refuses a second start: a claim is taken with SET NX; a claim whose process died is
 * taken over. Changes are published on RECORDING_CHANNEL together with the write.
 */
export class RecordingStore {
  constructor(
    private readonly redis: Redis,
    private readonly liveness: ProcessLiveness,
  ) {}

  async current(sessionId: string): Promise<RecordingClaim | null> {
    const raw = await this.redis.get(claimKey(sessionId));
    if (raw === null) return null;
    const parsed = RecordingClaimSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** Takes the session for `claim`; or returns the claim already there (of a live process). */
  async claim(sessionId: string, claim: RecordingClaim): Promise<{ ok: true } | { ok: false; holder: RecordingClaim }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.redis.set(claimKey(sessionId), JSON.stringify(claim), 'NX')) === 'OK') return { ok: true };
      const holder = await this.current(sessionId);
      if (!holder) continue;
      if (await this.#holderAlive(holder)) return { ok: false, holder };
      await this.release(sessionId, holder.id, { interrupted: true });
    }
    const holder = await this.current(sessionId);
    if (!holder) throw new Error('could not claim the recording');
    return { ok: false, holder };
  }

  /** The recording's tracks are ready: it runs from `startedAt`, and every process hears so. */
  async began(sessionId: string, claim: RecordingClaim): Promise<boolean> {
    const message: RecordingMessage = { kind: 'changed', sessionId, recording: claim };
    return (await this.redis.eval(IF_SAME_RECORDING, 1, claimKey(sessionId), claim.id, JSON.stringify(claim), RECORDING_CHANNEL, JSON.stringify(message))) === 1;
  }

  /** The recording `recordingId` ended (or never began): the session is free, and every process hears so. */
  async release(sessionId: string, recordingId: string, { interrupted = false } = {}): Promise<boolean> {
    const message: RecordingMessage = { kind: 'changed', sessionId, recording: null, ...(interrupted ? { interrupted } : {}) };
    return (await this.redis.eval(IF_SAME_RECORDING, 1, claimKey(sessionId), recordingId, '', RECORDING_CHANNEL, JSON.stringify(message))) === 1;
  }

  /** Asks whichever process records `recordingId` to stop it. */
  async requestStop(sessionId: string, recordingId: string, by: { id: string; name: string }): Promise<void> {
    const message: RecordingMessage = { kind: 'stop', sessionId, recordingId, by };
    await this.redis.publish(RECORDING_CHANNEL, JSON.stringify(message));
  }

  /** A recording whose process died is over: released (and announced) by whoever notices. */
  async releaseDeparted(sessionId: string): Promise<RecordingClaim | undefined> {
    const holder = await this.current(sessionId);
    if (!holder || (await this.#holderAlive(holder))) return undefined;
    return (await this.release(sessionId, holder.id, { interrupted: true })) ? holder : undefined;
  }

  async #holderAlive(holder: RecordingClaim): Promise<boolean> {
    return holder.processId === this.liveness.id || (await this.liveness.alive([holder.processId])).has(holder.processId);
  }
}
