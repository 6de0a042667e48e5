import type { Redis } from 'ioredis';
import { ConferenceSchema, SessionInfoSchema, type Conference, type SessionInfo } from '@multaqa/shared';

const conferenceKey = (id: string) => `multaqa:conference:${id}`;
const sessionKey = (id: string) => `multaqa:session:${id}`;
const CONFERENCES = 'multaqa:conferences';

/**
 * Conferences and their sessions in Redis, as JSON validated on the way in and out:
 * a corrupted or hand-edited key is reported, never trusted.
 */
export class ConferenceStore {
  constructor(private readonly redis: Redis) {}

  /** Stores the conference unless one with its id exists; returns whether it was written. */
  async seed(conference: Conference): Promise<boolean> {
    const valid = ConferenceSchema.parse(conference);
    const created = await this.redis.set(conferenceKey(valid.id), JSON.stringify(valid), 'NX');
    if (created !== 'OK') return false;
    await this.#writeSessions(valid);
    return true;
  }

  /** Stores the conference, replacing one with the same id (sessions it no longer has are deleted). */
  async put(conference: Conference): Promise<void> {
    const valid = ConferenceSchema.parse(conference);
    const previous = await this.conference(valid.id).catch(() => undefined);
    const kept = new Set(valid.sessions.map((session) => session.id));
    const dropped = (previous?.sessions ?? []).filter((session) => !kept.has(session.id)).map((session) => sessionKey(session.id));
    if (dropped.length > 0) await this.redis.del(...dropped);
    await this.redis.set(conferenceKey(valid.id), JSON.stringify(valid));
    await this.#writeSessions(valid);
  }

  /** Writes a session back if Redis lost it (after an outage): a live session must stay joinable. */
  async restoreSession(info: SessionInfo): Promise<void> {
    await this.redis.set(sessionKey(info.id), JSON.stringify(SessionInfoSchema.parse(info)), 'NX');
  }

  async #writeSessions(conference: Conference): Promise<void> {
    const multi = this.redis.multi().sadd(CONFERENCES, conference.id);
    for (const session of conference.sessions) multi.set(sessionKey(session.id), JSON.stringify(session));
    await multi.exec();
  }

  async conference(id: string): Promise<Conference | undefined> {
    const raw = await this.redis.get(conferenceKey(id));
    return raw === null ? undefined : ConferenceSchema.parse(JSON.parse(raw));
  }

  async conferenceIds(): Promise<string[]> {
    return (await this.redis.smembers(CONFERENCES)).sort();
  }

  async session(id: string): Promise<SessionInfo | undefined> {
    const raw = await this.redis.get(sessionKey(id));
    return raw === null ? undefined : SessionInfoSchema.parse(JSON.parse(raw));
  }
}
