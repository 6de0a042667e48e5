import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ProcessLoadSchema } from '@multaqa/shared';
import type { Logger } from '../logger.ts';

/** What a process says of itself in its heartbeat: where it is and how loaded. */
export const ProcessEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  url: z.string().optional(),
  /**
   * Where the process serves (host name, announced address, port): two live processes never share one, so a
   * process that finds another entry with its own slot has found its previous incarnation.
   */
  slot: z.string().optional(),
  announcedIp: z.string().optional(),
  workers: z.number().int().nonnegative().optional(),
  /** Consumers the process takes before it is full (workers × ROUTER_CONSUMER_BUDGET). */
  capacity: z.number().int().nonnegative().optional(),
  sessions: z.number().int().nonnegative().optional(),
  peers: z.number().int().nonnegative().optional(),
  consumers: z.number().int().nonnegative().optional(),
  /** The Node process's and each media worker's load (CPU, memory, routers, consumers). A malformed one is dropped, not the entry. */
  load: ProcessLoadSchema.optional().catch(undefined),
});
export type ProcessEntry = z.infer<typeof ProcessEntrySchema>;
export type ProcessDescription = Omit<ProcessEntry, 'id' | 'at'>;

/** `multaqa:process:<id>` exists while that server process is alive (or within its grace period). */
export const PROCESS_KEY_PREFIX = 'multaqa:process:';
/** A process known to have died is announced here, so every process stops offering what it published. */
export const PROCESS_DIED_CHANNEL = 'multaqa:process-died';
export const ProcessDiedMessageSchema = z.object({ processId: z.string().min(1).max(64), by: z.string().min(1).max(64) });
/**
 * The registry's index: every process that beat lately, by when it started. Reading the registry
 * goes through it, never through a scan of the keyspace (which grows with sessions and people).
 */
export const PROCESS_REGISTRY_KEY = 'multaqa:processes';
const RECENT_MS = 1_000;
/**
 * A heartbeat read answered later than this is not believed: Redis may have stood still
 * meanwhile (paused, swapping) and let every heartbeat expire the moment it went on, before the
 * processes could renew them. Nobody is taken for gone on such an answer; the next sweep asks again.
 */
const LATE_ANSWER_MS = 500;

/**
 * Each indexed process's heartbeat as a flat id/entry list; the ids whose heartbeat expired
 * leave the index in the same step (atomic with a heartbeat, which puts its id back).
 */
const LIVE_ENTRIES = `
local live = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local entry = redis.call('GET', ARGV[1] .. id)
  if entry then
    live[#live + 1] = id
    live[#live + 1] = entry
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return live`;

/**
 * This server process's heartbeat in Redis — its entry in the registry of processes (address,
 * announced IP, load) — and the question other stores ask of it: which processes are still
 * alive? A process that crashes stops beating; once its key expires (the grace period), the
 * others clean up the interpreters and listeners it had. A process that stops cleanly leaves its
 * key to expire too: its people get the grace period to reconnect elsewhere.
 */
export class ProcessLiveness {
  readonly id = randomUUID();
  readonly #startedAt = Date.now();
  #timer: NodeJS.Timeout | undefined;
  readonly #checked = new Map<string, { at: number; alive: boolean }>();
  /** Processes known to have died, whose heartbeats may still be running out their grace period. */
  readonly #dead = new Set<string>();
  #describe: () => Promise<ProcessDescription> = async () => ({});

  constructor(
    private readonly redis: Redis,
    private readonly graceMs: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.#beat();
    this.#timer = setInterval(() => {
      this.#beat().catch((error: unknown) => this.logger.warn({ err: error }, 'could not renew the process heartbeat'));
    }, this.graceMs / 3);
    this.#timer.unref();
  }

  /** What each heartbeat says of this process from now on; the registry hears it at once. */
  describeWith(describe: () => Promise<ProcessDescription>): void {
    this.#describe = describe;
    this.#beat().catch((error: unknown) => this.logger.warn({ err: error }, 'could not renew the process heartbeat'));
  }

  /** Every live process's entry (for operators and load balancers), in the order they started. */
  async registry(): Promise<ProcessEntry[]> {
    const flat = (await this.redis.eval(LIVE_ENTRIES, 1, PROCESS_REGISTRY_KEY, PROCESS_KEY_PREFIX)) as string[];
    const entries: ProcessEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      try {
        const parsed = ProcessEntrySchema.safeParse({ id: flat[i], ...JSON.parse(flat[i + 1]!) });
        if (parsed.success) entries.push(parsed.data);
      } catch {
        // A malformed entry is left out, not the registry.
      }
    }
    return entries;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /**
   * This process now serves at `slot`: an entry of another process with the same slot is its
   * previous incarnation (killed and restarted, or replaced), which is dead. Each is marked so
   * here and announced to every process; returns their ids.
   */
  async claimSlot(slot: string): Promise<string[]> {
    const previous = (await this.registry()).filter((entry) => entry.slot === slot && entry.id !== this.id).map((entry) => entry.id);
    for (const processId of previous) {
      this.markDead(processId);
      await this.redis.publish(PROCESS_DIED_CHANNEL, JSON.stringify({ processId, by: this.id } satisfies z.infer<typeof ProcessDiedMessageSchema>));
    }
    if (previous.length > 0) this.logger.info({ previous }, 'found the previous incarnation of this process: what it published is gone');
    return previous;
  }

  /**
   * The process died (it was not merely silent): what it published died with it and is never
   * offered again, though its people keep their places for the grace period, to come back.
   */
  markDead(processId: string): void {
    if (processId !== this.id) this.#dead.add(processId);
  }

  isDead(processId: string): boolean {
    return this.#dead.has(processId);
  }

  /** The processes known to have died (a few at most: restarts this process has heard of). */
  deadIds(): string[] {
    return [...this.#dead];
  }

  /**
   * The ids among `ids` whose process is alive. This process always is, whatever Redis says:
   * its heartbeat may have lapsed in an outage, but it must never sweep its own people.
   */
  async alive(ids: readonly string[]): Promise<Set<string>> {
    const others = ids.filter((id) => id !== this.id);
    const asked = Date.now();
    const beats = others.length === 0 ? [] : await this.redis.mget(others.map((id) => PROCESS_KEY_PREFIX + id));
    if (Date.now() - asked > LATE_ANSWER_MS) {
      this.logger.warn({ answeredAfterMs: Date.now() - asked }, 'Redis answered a heartbeat read late: every process counts as alive this time');
      return new Set(ids);
    }
    return new Set([...others.filter((_, index) => beats[index] !== null), ...ids.filter((id) => id === this.id)]);
  }

  /** Renews the heartbeat now (after Redis came back, before anyone looks for the departed). */
  beatNow(): Promise<void> {
    return this.#beat();
  }

  /**
   * Like `alive`, but answers from a check made within the last second when it can: for reads on
   * a busy path (every join lists the stage), where a second-old answer is good enough.
   */
  async aliveRecently(ids: readonly string[]): Promise<Set<string>> {
    const now = Date.now();
    const unknown = ids.filter((id) => (this.#checked.get(id)?.at ?? 0) < now - RECENT_MS);
    if (unknown.length > 0) {
      const alive = await this.alive(unknown);
      for (const id of unknown) this.#checked.set(id, { at: now, alive: alive.has(id) });
      if (this.#checked.size > 1_000) for (const [id, check] of this.#checked) if (check.at < now - RECENT_MS) this.#checked.delete(id);
    }
    return new Set(ids.filter((id) => id === this.id || this.#checked.get(id)?.alive));
  }

  /** `entries` split by whether the process each names is alive (one Redis read for all). */
  async split<T extends { processId: string }>(entries: readonly T[], { recently = false } = {}): Promise<{ alive: T[]; gone: T[] }> {
    const ids = [...new Set(entries.map((entry) => entry.processId))];
    const alive = await (recently ? this.aliveRecently(ids) : this.alive(ids));
    return { alive: entries.filter((entry) => alive.has(entry.processId)), gone: entries.filter((entry) => !alive.has(entry.processId)) };
  }

  async #beat(): Promise<void> {
    const description = await this.#describe().catch(() => ({}));
    const results = await this.redis
      .multi()
      .set(PROCESS_KEY_PREFIX + this.id, JSON.stringify({ at: Date.now(), ...description }), 'PX', this.graceMs)
      .zadd(PROCESS_REGISTRY_KEY, this.#startedAt, this.id)
      .exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }
}
