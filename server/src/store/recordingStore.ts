import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DisplayNameSchema, ParticipantIdSchema, SlugSchema } from '@multaqa/shared';
import { claimStands } from '../domain/recording/recordingClaims.ts';
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
   * its process went away before anyone stopped it; `endedId`: which recording ended).
   */
  z.object({
    kind: z.literal('changed'),
    sessionId: SlugSchema,
    recording: RecordingClaimSchema.nullable(),
    interrupted: z.boolean().optional(),
    endedId: z.uuid().optional(),
  }),
  /** A moderator on some process asks the recording process to stop. */
  z.object({ kind: z.literal('stop'), sessionId: SlugSchema, recordingId: z.uuid(), by: PersonSchema }),
]);
export type RecordingMessage = z.infer<typeof RecordingMessageSchema>;

const claimKey = (sessionId: string) => `multaqa:recording:${sessionId}`;

/** Replaces the claim (for a new lease) only while it is still recording `ARGV[1]`, and announces it. */
const IF_SAME_RECORDING = `
local raw = redis.call('GET', KEYS[1])
if not raw or cjson.decode(raw).id ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`;

/** The recording `ARGV[1]` is over: its claim goes (unless another recording's is there) and its end is announced. */
const RELEASE = `
local raw = redis.call('GET', KEYS[1])
if raw and cjson.decode(raw).id ~= ARGV[1] then return 0 end
if raw then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

/**
 * A new lease for the claim of `ARGV[1]`; put back (and announced, if it has begun) when Redis
 * lost it: 1 renewed, 2 put back, 0 another recording's claim is there.
 */
const RENEW = `
local raw = redis.call('GET', KEYS[1])
if not raw then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[5]) end
  return 2
end
if cjson.decode(raw).id ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

export type Renewal = 'renewed' | 'restored' | 'lost';

/**
 * Which process records each session, in Redis, so that every process shows the indicator
 * and refuses a second start: a claim is taken with SET NX for a lease (`leaseMs`) that the
 * recording renews, so a claim outlives its recording by one lease at most, whatever Redis
 * did when it ended; a claim whose process died is taken over. Changes are published on
 * RECORDING_CHANNEL together with the write.
 */
export class RecordingStore {
  constructor(
    private readonly redis: Redis,
    private readonly liveness: ProcessLiveness,
    readonly leaseMs: number,
  ) {}

  async current(sessionId: string): Promise<RecordingClaim | null> {
    const raw = await this.redis.get(claimKey(sessionId));
    if (raw === null) return null;
    const parsed = RecordingClaimSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** Takes the session for `claim`; or returns the claim that stands in its way (see claimStands). */
  async claim(sessionId: string, claim: RecordingClaim): Promise<{ ok: true } | { ok: false; holder: RecordingClaim }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.redis.set(claimKey(sessionId), JSON.stringify(claim), 'PX', this.leaseMs, 'NX')) === 'OK') return { ok: true };
      const holder = await this.current(sessionId);
      if (!holder) continue;
      const alive = await this.#holderAlive(holder);
      if (claimStands(holder, claim, alive)) return { ok: false, holder };
      await this.release(sessionId, holder.id, { interrupted: !alive });
    }
    const holder = await this.current(sessionId);
    if (!holder) throw new Error('could not claim the recording');
    return { ok: false, holder };
  }

  /** The recording's tracks are ready: it runs from `startedAt`, and every process hears so. */
  async began(sessionId: string, claim: RecordingClaim): Promise<boolean> {
    const message: RecordingMessage = { kind: 'changed', sessionId, recording: claim };
    return (await this.redis.eval(IF_SAME_RECORDING, 1, claimKey(sessionId), claim.id, JSON.stringify(claim), this.leaseMs, RECORDING_CHANNEL, JSON.stringify(message))) === 1;
  }

  /** The recording of `claim` goes on: a new lease (its claim put back if Redis lost it). */
  async renew(sessionId: string, claim: RecordingClaim): Promise<Renewal> {
    const announce = claim.startedAt === null ? '' : JSON.stringify({ kind: 'changed', sessionId, recording: claim } satisfies RecordingMessage);
    const result = await this.redis.eval(RENEW, 1, claimKey(sessionId), claim.id, JSON.stringify(claim), this.leaseMs, RECORDING_CHANNEL, announce);
    return result === 1 ? 'renewed' : result === 2 ? 'restored' : 'lost';
  }

  /**
   * The recording `recordingId` ended (or never began): the session is free of it, and every
   * process hears so (also when its claim is gone already: some may still show it). False if
   * another recording holds the session.
   */
  async release(sessionId: string, recordingId: string, { interrupted = false } = {}): Promise<boolean> {
    const message: RecordingMessage = { kind: 'changed', sessionId, recording: null, endedId: recordingId, ...(interrupted ? { interrupted } : {}) };
    return (await this.redis.eval(RELEASE, 1, claimKey(sessionId), recordingId, RECORDING_CHANNEL, JSON.stringify(message))) === 1;
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
