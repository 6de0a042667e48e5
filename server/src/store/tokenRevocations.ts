import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ParticipantIdSchema, SlugSchema } from '@multaqa/shared';
import { withdraws, type LinkIdentity, type Withdrawal } from '../domain/session/withdrawal.ts';

/** Every server process hears each withdrawal here, and ends the connections it took back. */
export const WITHDRAWAL_CHANNEL = 'multaqa:withdrawals';

export const WithdrawalSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('link'), tokenId: z.string().min(8).max(64) }),
  z.object({ type: z.literal('person'), sessionId: SlugSchema, participantId: ParticipantIdSchema, issuedBefore: z.number().int() }),
]) satisfies z.ZodType<Withdrawal>;

const tokenKey = (tokenId: string) => `multaqa:revoked-token:${tokenId}`;
const personKey = (sessionId: string, participantId: string) => `multaqa:revoked-person:${sessionId}:${participantId}`;

/**
 * Join links taken back before they expire: one link by its id (a leaked link), or every link
 * a person of a session was given until now (a new link is issued to them afterwards). The
 * entries live as long as the links they cancel could, so nothing piles up. Each withdrawal is
 * also announced, so the connections it takes back end at once, on every process.
 */
export class TokenRevocations {
  constructor(private readonly redis: Redis) {}

  /** Cancels the link with this id; `expiresAt` (seconds) is when it would have expired anyway. */
  async revokeToken(tokenId: string, expiresAt: number): Promise<void> {
    await this.redis.set(tokenKey(tokenId), '1', 'EXAT', Math.max(expiresAt, Math.floor(Date.now() / 1000) + 1));
    await this.#announce({ type: 'link', tokenId });
  }

  /** Cancels every link issued to the person for the session up to now; `keepSeconds`: the longest a link lives. */
  async revokePerson(sessionId: string, participantId: string, keepSeconds: number): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    await this.redis.set(personKey(sessionId, participantId), String(now), 'EX', keepSeconds);
    await this.#announce({ type: 'person', sessionId, participantId, issuedBefore: now });
  }

  /** Whether the link was taken back (by its id, or with all of its holder's links issued until then). */
  async isRevoked(link: LinkIdentity): Promise<boolean> {
    const [token, person] = await this.redis.mget(tokenKey(link.tokenId), personKey(link.sessionId, link.participantId));
    if (token !== null) return true;
    return person !== null && withdraws({ type: 'person', sessionId: link.sessionId, participantId: link.participantId, issuedBefore: Number(person) }, link);
  }

  async #announce(withdrawal: Withdrawal): Promise<void> {
    await this.redis.publish(WITHDRAWAL_CHANNEL, JSON.stringify(withdrawal));
  }
}
