import type { Request } from 'express';
import type { JoinClaims } from '../auth/joinTokens.ts';
import { DomainError } from '../domain/errors.ts';
import { bearerToken } from './bearer.ts';

/**
 * The one admission path of HTTP: checks a join token as a join does (signature, expiry, not
 * withdrawn), spending no join. Every route that takes a join token goes through `claimsOf`.
 */
export type Identify = (token: string) => Promise<JoinClaims>;

/**
 * Who sent the request, from its `Authorization: Bearer <join token>` header (never from the
 * URL, which ends up in logs and referrers); UNAUTHENTICATED with `missing` when there is none.
 */
export async function claimsOf(request: Request, identify: Identify, missing: string): Promise<JoinClaims> {
  const token = bearerToken(request.get('authorization'));
  if (token === undefined) throw new DomainError('UNAUTHENTICATED', missing);
  return identify(token);
}
