import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ParticipantSchema, type Participant } from '@multaqa/shared';
import type { ProcessLiveness } from './processLiveness.ts';

const EntrySchema = z.object({ participant: ParticipantSchema, processId: z.string().min(1) });
type Entry = z.infer<typeof EntrySchema>;

/** Everyone in a session, for the moderator's list; and the stage (everyone but the audience), for joins. */
const peopleKey = (sessionId: string) => `multaqa:people:${sessionId}`;
const stageKey = (sessionId: string) => `multaqa:stage:${sessionId}`;
/** The processes that have written people of the session (so a sweep reads entries only when one died). */
const writersKey = (sessionId: string) => `multaqa:people-writers:${sessionId}`;

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

  /**
   * Writes the person in, and answers, in the same round trip, the stage (them included) and
   * whether they were still connected through another live process.
   */
  async joined(sessionId: string, participant: Participant, onStage: boolean): Promise<{ stage: Participant[]; elsewhere: boolean }> {
    const entry = JSON.stringify({ participant, processId: this.liveness.id } satisfies Entry);
    const multi = this.redis.multi().hget(peopleKey(sessionId), participant.id);
    multi.hset(peopleKey(sessionId), participant.id, entry).sadd(writersKey(sessionId), this.liveness.id);
    if (onStage) multi.hset(stageKey(sessionId), participant.id, entry);
    const results = (await multi.hvals(stageKey(sessionId)).exec())!;
    for (const [error] of results) if (error) throw error;
    const previous = parseEntries([results[0]![1] as string | null].filter((raw) => raw !== null) as string[])[0];
    const { alive: stage } = await this.liveness.split(parseEntries(results.at(-1)![1] as string[]), { recently: true });
    const elsewhere = previous !== undefined && previous.processId !== this.liveness.id && (await this.liveness.aliveRecently([previous.processId])).has(previous.processId);
    return { stage: stage.map((e) => e.participant), elsewhere };
  }

  /** Writes this process's people (and which of them are on stage) back in, after Redis came back. */
  async restore(sessionId: string, people: ReadonlyArray<{ participant: Participant; onStage: boolean }>): Promise<void> {
    if (people.length === 0) return;
    const multi = this.redis.multi().sadd(writersKey(sessionId), this.liveness.id);
    for (const { participant, onStage } of people) {
      const entry = JSON.stringify({ participant, processId: this.liveness.id } satisfies Entry);
      multi.hset(peopleKey(sessionId), participant.id, entry);
      if (onStage) multi.hset(stageKey(sessionId), participant.id, entry);
    }
    await multi.exec();
  }

  async left(sessionId: string, participantId: string): Promise<void> {
    await this.redis.eval(LEAVE, 2, peopleKey(sessionId), stageKey(sessionId), participantId, this.liveness.id);
  }

  /** Which of `participantIds` are in the session on a live process (one Redis read). */
  async present(sessionId: string, participantIds: readonly string[]): Promise<Set<string>> {
    if (participantIds.length === 0) return new Set();
    const raw = (await this.redis.hmget(peopleKey(sessionId), ...participantIds)).filter((entry): entry is string => entry !== null);
    const { alive } = await this.liveness.split(parseEntries(raw), { recently: true });
    return new Set(alive.map((entry) => entry.participant.id));
  }

  /** One person, if they are in the session on a live process. */
  async find(sessionId: string, participantId: string): Promise<Participant | undefined> {
    const raw = await this.redis.hget(peopleKey(sessionId), participantId);
    if (raw === null) return undefined;
    const { alive } = await this.liveness.split(parseEntries([raw]), { recently: true });
    return alive[0]?.participant;
  }

  /** Everyone on every live process. */
  async everyone(sessionId: string): Promise<Participant[]> {
    return (await this.#live(peopleKey(sessionId))).map((entry) => entry.participant);
  }

  /** Removes the people of processes that are gone; returns everyone and the stage members this call removed. */
  async sweepDeparted(sessionId: string): Promise<{ everyone: Participant[]; stage: Participant[] }> {
    // Reading thousands of entries every few seconds would stall the process: only when a
    // process that wrote people of the session has died.
    const writers = await this.redis.smembers(writersKey(sessionId));
    const alive = await this.liveness.alive(writers);
    const gone = writers.filter((writer) => !alive.has(writer));
    if (gone.length === 0) return { everyone: [], stage: [] };
    const removed: Participant[] = [];
    const removedFromStage: Participant[] = [];
    for (const key of [peopleKey(sessionId), stageKey(sessionId)]) {
      const departed = (await this.#entries(key)).filter((entry) => gone.includes(entry.processId));
      for (const entry of departed) {
        // One survivor removes each entry (and announces a stage member's leaving).
        if ((await this.redis.eval(LEAVE, 1, key, entry.participant.id, entry.processId)) !== 1) continue;
        if (key === stageKey(sessionId)) removedFromStage.push(entry.participant);
        else removed.push(entry.participant);
      }
    }
    await this.redis.srem(writersKey(sessionId), ...gone);
    return { everyone: removed, stage: removedFromStage };
  }

  async #live(key: string): Promise<Entry[]> {
    return (await this.liveness.split(await this.#entries(key))).alive;
  }

  async #entries(key: string): Promise<Entry[]> {
    return parseEntries(await this.redis.hvals(key));
  }
}

function parseEntries(raw: string[]): Entry[] {
  return raw.flatMap((text) => {
    try {
      const parsed = EntrySchema.safeParse(JSON.parse(text));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
