import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ParticipantSchema, type Participant } from '@multaqa/shared';
import type { ProcessLiveness } from './processLiveness.ts';

const EntrySchema = z.object({ participant: ParticipantSchema, processId: z.string().min(1) });
type Entry = z.infer<typeof EntrySchema>;

/** Everyone in a session, for the moderator's list; and the stage (everyone but the audience), for joins. */
const peopleKey = (sessionId: string) => `multaqa:people:${sessionId}`;
const stageKey = (sessionId: string) => `multaqa:stage:${sessionId}`;

/** Deletes a person's entry only if the process leaving still holds it (they may have moved on). */
const LEAVE = `
local removed = 0
for _, key in ipairs(KEYS) do
  local raw = redis.call('HGET', key, ARGV[1])
  if raw and cjson.decode(raw).processId == ARGV[2] then
    removed = removed + redis.call('HDEL', key, ARGV[1])
  end
end
return removed`;

/**
 * Who is in a session on every server process: a Redis hash of everyone (read when a moderator
 * opens the participant list) and a small one of the stage (read by each join). Each process
 * writes its own people; a person who moved to another process is not removed by the old one
 * leaving late; the people of a process that died are swept by the survivors.
 */
export class PeopleDirectory {
  constructor(
    private readonly redis: Redis,
    private readonly liveness: ProcessLiveness,
  ) {}

  async joined(sessionId: string, participant: Participant, onStage: boolean): Promise<void> {
    const entry = JSON.stringify({ participant, processId: this.liveness.id } satisfies Entry);
    const multi = this.redis.multi().hset(peopleKey(sessionId), participant.id, entry);
    if (onStage) multi.hset(stageKey(sessionId), participant.id, entry);
    await multi.exec();
  }

  async left(sessionId: string, participantId: string): Promise<void> {
    await this.redis.eval(LEAVE, 2, peopleKey(sessionId), stageKey(sessionId), participantId, this.liveness.id);
  }

  /** The stage on every live process. */
  async stage(sessionId: string): Promise<Participant[]> {
    return (await this.#live(stageKey(sessionId))).map((entry) => entry.participant);
  }

  /** Everyone on every live process. */
  async everyone(sessionId: string): Promise<Participant[]> {
    return (await this.#live(peopleKey(sessionId))).map((entry) => entry.participant);
  }

  /** Removes the people of processes that are gone; returns the stage members this call removed. */
  async sweepDeparted(sessionId: string): Promise<Participant[]> {
    const removedFromStage: Participant[] = [];
    for (const key of [peopleKey(sessionId), stageKey(sessionId)]) {
      const entries = await this.#entries(key);
      const alive = await this.liveness.alive([...new Set(entries.map((entry) => entry.processId))]);
      const departed = entries.filter((entry) => !alive.has(entry.processId));
      for (const entry of departed) {
        // One survivor removes each entry (and announces a stage member's leaving).
        if ((await this.redis.eval(LEAVE, 1, key, entry.participant.id, entry.processId)) === 1 && key === stageKey(sessionId)) {
          removedFromStage.push(entry.participant);
        }
      }
    }
    return removedFromStage;
  }

  async #live(key: string): Promise<Entry[]> {
    const entries = await this.#entries(key);
    const alive = await this.liveness.alive([...new Set(entries.map((entry) => entry.processId))]);
    return entries.filter((entry) => alive.has(entry.processId));
  }

  async #entries(key: string): Promise<Entry[]> {
    return (await this.redis.hvals(key)).flatMap((raw) => {
      const parsed = EntrySchema.safeParse(JSON.parse(raw));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
