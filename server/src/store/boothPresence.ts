import type { Redis } from 'ioredis';
import type { ProcessLiveness } from './processLiveness.ts';

const presenceKey = (sessionId: string) => `multaqa:booth-presence:${sessionId}`;

/** Deletes the field only if it still names the given process: a re-join elsewhere wins. */
const RELEASE_IF_HELD = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0`;

/**
 * Which server process each booth interpreter is connected to, so that the interpreters of a
 * process that crashed can be taken out of their booths by the processes that survive.
 */
export class BoothPresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly liveness: ProcessLiveness,
  ) {}

  /** The interpreter is connected here now (a re-join on another process takes them over). */
  async claim(sessionId: string, participantId: string): Promise<void> {
    await this.redis.hset(presenceKey(sessionId), participantId, this.liveness.id);
  }

  /** The interpreter left this process; false if they are connected elsewhere by now. */
  release(sessionId: string, participantId: string): Promise<boolean> {
    return this.#releaseIfHeldBy(sessionId, participantId, this.liveness.id);
  }

  /** Interpreters whose process is gone: released here, returned once (to one caller). */
  async releaseDeparted(sessionId: string): Promise<string[]> {
    const holders = await this.redis.hgetall(presenceKey(sessionId));
    const alive = await this.liveness.alive([...new Set(Object.values(holders))]);
    const departed: string[] = [];
    for (const [participantId, processId] of Object.entries(holders)) {
      if (!alive.has(processId) && (await this.#releaseIfHeldBy(sessionId, participantId, processId))) departed.push(participantId);
    }
    return departed;
  }

  async isPresent(sessionId: string, participantId: string): Promise<boolean> {
    return (await this.redis.hexists(presenceKey(sessionId), participantId)) === 1;
  }

  async #releaseIfHeldBy(sessionId: string, participantId: string, processId: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE_IF_HELD, 1, presenceKey(sessionId), participantId, processId)) === 1;
  }
}
