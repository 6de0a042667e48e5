import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SlugSchema } from '@multaqa/shared';
import { PROCESS_KEY_PREFIX, type ProcessLiveness } from './processLiveness.ts';

/**
 * Sums the counters of the live processes; drops those of processes whose heartbeat is gone, or
 * that the caller knows died (ARGV[4] on: a restarted process's previous incarnation, whose people
 * are coming back through the new one and would be counted twice); never the caller's own (its
 * heartbeat may have lapsed in an outage it is back from). Returns the number of processes
 * dropped and the totals as a flat field/value list.
 */
const SUM_LIVE_COUNTERS = `
local dead = {}
for i = 4, #ARGV do dead[ARGV[i]] = true end
local totals = {}
local dropped = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id == ARGV[3] or (not dead[id] and redis.call('EXISTS', ARGV[2] .. id) == 1) then
    local flat = redis.call('HGETALL', ARGV[1] .. id)
    for i = 1, #flat, 2 do totals[flat[i]] = (totals[flat[i]] or 0) + tonumber(flat[i + 1]) end
  else
    redis.call('DEL', ARGV[1] .. id)
    redis.call('SREM', KEYS[1], id)
    dropped = dropped + 1
  end
end
local flat = {}
for field, total in pairs(totals) do
  flat[#flat + 1] = field
  flat[#flat + 1] = tostring(total)
end
return { dropped, flat }`;

export const COUNTS_CHANNEL = 'multaqa:counts-changed';

/** A process's own counts of a session changed (or left): the others re-read the totals and tell their people. */
export const CountsChangedMessageSchema = z.object({ sessionId: SlugSchema, name: z.string().min(1), processId: z.string().min(1) });
export type CountsChangedMessage = z.infer<typeof CountsChangedMessageSchema>;

/**
 * Counts per session shared by every server process. Each process writes the absolute counts of
 * its own people (one hash per process; absolute, so writes that race a session closing cannot
 * leave it off by one), and the totals add up the live processes only: the people of a process
 * that crashed leave the totals when its heartbeat expires instead of being counted forever.
 */
export class ProcessCounters {
  constructor(
    private readonly redis: Redis,
    private readonly liveness: ProcessLiveness,
    /** What is counted, e.g. `listener`: part of the Redis key names. */
    private readonly name: string,
  ) {}

  /**
   * Replaces this process's counts. Writes go out in call order on one connection, so the last
   * call's counts are what stays.
   */
  async publish(sessionId: string, counts: Readonly<Record<string, number>>, announce: boolean): Promise<void> {
    const nonZero = Object.entries(counts).filter(([, count]) => count !== 0);
    const multi = this.redis.multi().del(this.#ownKey(sessionId));
    if (nonZero.length > 0) multi.hset(this.#ownKey(sessionId), Object.fromEntries(nonZero));
    multi.sadd(this.#processesKey(sessionId), this.liveness.id);
    if (announce) multi.publish(COUNTS_CHANNEL, this.#announcement(sessionId));
    await multi.exec();
  }

  /** Every live process's counters added up (never below zero), and how many dead ones were dropped. */
  async totals(sessionId: string): Promise<{ totals: Map<string, number>; dropped: number }> {
    const [dropped, flat] = (await this.redis.eval(
      SUM_LIVE_COUNTERS,
      1,
      this.#processesKey(sessionId),
      this.#countsKeyPrefix(sessionId),
      PROCESS_KEY_PREFIX,
      this.liveness.id,
      ...this.liveness.deadIds(),
    )) as [number, string[]];
    const totals = new Map<string, number>();
    for (let i = 0; i < flat.length; i += 2) totals.set(flat[i]!, Math.max(0, Number(flat[i + 1])));
    return { totals, dropped };
  }

  /** This process stops serving the session: its counts leave the totals now. */
  async dropOwn(sessionId: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.#ownKey(sessionId))
      .srem(this.#processesKey(sessionId), this.liveness.id)
      .publish(COUNTS_CHANNEL, this.#announcement(sessionId))
      .exec();
  }

  #announcement(sessionId: string): string {
    return JSON.stringify({ sessionId, name: this.name, processId: this.liveness.id } satisfies CountsChangedMessage);
  }

  #processesKey(sessionId: string): string {
    return `multaqa:${this.name}-processes:${sessionId}`;
  }

  #countsKeyPrefix(sessionId: string): string {
    return `multaqa:${this.name}-counts:${sessionId}:`;
  }

  #ownKey(sessionId: string): string {
    return this.#countsKeyPrefix(sessionId) + this.liveness.id;
  }
}
