import type { Redis } from 'ioredis';
import type { JoinClaims } from '../auth/joinTokens.ts';

const tokenKey = (tokenId: string) => `multaqa:revoked-token:${tokenId}`;
const personKey = (sessionId: string, participantId: string) => `multaqa:revoked-person:${sessionId}:${participantId}`;

/**
 * Join links taken back before they expire: one link by its id (a leaked link), or every link
 * a person of a session was given until now (a new link is issued to them afterwards). The
 * entries live as long as the links they cancel could, so nothing piles up.
 */
export class TokenRevocations {
  constructor(private readonly redis: Redis) {}

  /** Cancels the link with this id; `expiresAt` (seconds) is when it would have expired anyway. */
  async revokeToken(tokenId: string, expiresAt: number): Promise<void> {
    await this.redis.set(tokenKey(tokenId), '1', 'EXAT', Math.max(expiresAt, Math.floor(Date.now() / 1000) + 1));
  }

  /** Cancels every link issued to the person for the session up to now; `keepSeconds`: the longest a link lives. */
  async revokePerson(sessionId: string, participantId: string, keepSeconds: number): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    await this.redis.set(personKey(sessionId, participantId), String(now), 'EX', keepSeconds);
  }

  /** Whether the link was taken back (by its id, or with all of its holder's links issued until then). */
  async isRevoked(claims: Pick<JoinClaims, 'tokenId' | 'sessionId' | 'participantId' | 'issuedAt'>): Promise<boolean> {
    const [token, person] = await this.redis.mget(tokenKey(claims.tokenId), personKey(claims.sessionId, claims.participantId));
    return token !== null || (person !== null && claims.issuedAt < Number(person));
  }
}
