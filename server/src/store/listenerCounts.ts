import type { Redis } from 'ioredis';
import type { ListenerCounts } from '@multaqa/shared';
import { PROCESS_KEY_PREFIX, type ProcessLiveness } from './processLiveness.ts';

const FLOOR = 'floor';
const processesKey = (sessionId: string) => `multaqa:listener-processes:${sessionId}`;
const countsKeyPrefix = (sessionId: string) => `multaqa:listener-counts:${sessionId}:`;

/**
 * Sums the counts of the live processes; drops those of processes whose heartbeat is gone.
 * Returns the number of processes dropped and the totals as a flat field/value list.
 */
const SUM_LIVE_COUNTS = `
local totals = {}
local dropped = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[2] .. id) == 1 then
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

/**
 * How many people listen to the floor and to each channel, shared by every server process.
 * Each process counts its own listeners (one hash per process), so the listeners of a process
 * that crashed leave the totals when its heartbeat expires instead of being counted forever.
 */
export class ListenerCountStore {
  constructor(
    private readonly redis: Redis,
    private readonly liveness: ProcessLiveness,
  ) {}

  /** Moves one listener from one choice to another (`undefined`: not listening at all). */
  async move(sessionId: string, from: string | null | undefined, to: string | null | undefined): Promise<void> {
    if (from === to) return;
    const own = countsKeyPrefix(sessionId) + this.liveness.id;
    const multi = this.redis.multi().sadd(processesKey(sessionId), this.liveness.id);
    if (from !== undefined) multi.hincrby(own, from ?? FLOOR, -1);
    if (to !== undefined) multi.hincrby(own, to ?? FLOOR, 1);
    await multi.exec();
  }

  async counts(sessionId: string, languages: readonly string[]): Promise<ListenerCounts> {
    return (await this.#sum(sessionId, languages)).counts;
  }

  /** Drops the counts of processes that are gone; true if any were (the totals changed). */
  async dropDeparted(sessionId: string): Promise<boolean> {
    return (await this.#sum(sessionId, [])).dropped > 0;
  }

  async #sum(sessionId: string, languages: readonly string[]): Promise<{ counts: ListenerCounts; dropped: number }> {
    const [dropped, flat] = (await this.redis.eval(SUM_LIVE_COUNTS, 1, processesKey(sessionId), countsKeyPrefix(sessionId), PROCESS_KEY_PREFIX)) as [
      number,
      string[],
    ];
    const totals = new Map<string, number>();
    for (let i = 0; i < flat.length; i += 2) totals.set(flat[i]!, Number(flat[i + 1]));
    const read = (field: string) => Math.max(0, totals.get(field) ?? 0);
    return {
      dropped,
      counts: { floor: read(FLOOR), channels: Object.fromEntries(languages.map((language) => [language, read(language)])) },
    };
  }
}
