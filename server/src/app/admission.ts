import { verifyJoinToken, type JoinClaims } from '../auth/joinTokens.ts';
import { DomainError } from '../domain/errors.ts';
import type { TokenRevocations } from '../store/tokenRevocations.ts';
import type { Limits } from './limits.ts';

/**
 * Who may come in: a join link that is genuine, not expired and not taken back, used no more
 * often than people do (per address, before the token is even read, and per person).
 */
export class Admission {
  constructor(
    private readonly tokenSecret: string,
    private readonly revocations: TokenRevocations,
    private readonly limits: Limits,
  ) {}

  /** `address`: the budget the client's address draws on (an IPv6 address's /64). */
  async admit(token: string, address: string): Promise<JoinClaims> {
    await this.limits.take('joinFromAddress', address);
    const claims = await verifyJoinToken(this.tokenSecret, token);
    await this.limits.take('join', claims.participantId);
    await this.#refuseWithdrawn(claims);
    return claims;
  }

  /**
   * Who a link is for, checked as a join checks it (genuine, not expired, not taken back) but
   * spending no join: the operator view asks with its organizer's link every two seconds.
   */
  async identify(token: string): Promise<JoinClaims> {
    const claims = await verifyJoinToken(this.tokenSecret, token);
    await this.#refuseWithdrawn(claims);
    return claims;
  }

  async #refuseWithdrawn(claims: JoinClaims): Promise<void> {
    if (await this.revocations.isRevoked(claims)) throw new DomainError('UNAUTHENTICATED', 'this join link was withdrawn; ask the organizers for a new one');
  }
}
