import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { DisplayNameSchema, ParticipantIdSchema, RoleGrantSchema, SlugSchema, type RoleGrant } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';

const ISSUER = 'multaqa';
const AUDIENCE = 'multaqa:join';
const ALGORITHM = 'HS256';

/** What a link says of its holder (checked before signing, too). */
const IdentityClaimsSchema = z.object({
  sub: ParticipantIdSchema,
  name: DisplayNameSchema,
  session: SlugSchema,
  grant: RoleGrantSchema,
});
const JoinClaimsSchema = IdentityClaimsSchema.extend({
  jti: z.string().min(8).max(64),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** Who a join link lets in, to which session, in which role; and which link it is, until when. */
export type JoinClaims = {
  participantId: string;
  name: string;
  sessionId: string;
  grant: RoleGrant;
  /** The token's own id (jti): what revoking one link names. */
  tokenId: string;
  /** When it was issued and when it expires (seconds since the epoch). */
  issuedAt: number;
  expiresAt: number;
};

export type IssueOptions = Pick<JoinClaims, 'name' | 'sessionId' | 'grant'> & {
  participantId?: string;
  /** Lifetime in seconds; a conference link typically lasts the event (at most MAX_TOKEN_TTL_SECONDS). */
  ttlSeconds?: number;
};

const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
/** No link lives longer than a month: a leaked one stops working by itself. */
export const MAX_TOKEN_TTL_SECONDS = 31 * 24 * 3600;

function keyFrom(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function issueJoinToken(secret: string, options: IssueOptions): Promise<string> {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (ttlSeconds > MAX_TOKEN_TTL_SECONDS) throw new RangeError(`a join link lives at most ${MAX_TOKEN_TTL_SECONDS / 86_400} days`);
  const participantId = options.participantId ?? randomUUID();
  const claims = IdentityClaimsSchema.parse({
    sub: participantId,
    name: options.name,
    session: options.sessionId,
    grant: options.grant,
  });
  return new SignJWT({ name: claims.name, session: claims.session, grant: claims.grant })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(keyFrom(secret));
}

/**
 * Verifies signature, issuer, audience, expiry (required, and no further than the longest
 * lifetime from issue), the token id and claim shapes; any failure is UNAUTHENTICATED.
 * Revocation is the caller's to check (it lives in Redis).
 */
export async function verifyJoinToken(secret: string, token: string): Promise<JoinClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyFrom(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      maxTokenAge: MAX_TOKEN_TTL_SECONDS,
    }));
  } catch (error) {
    const reason = error instanceof joseErrors.JWTExpired ? 'the join link has expired' : 'the join link is not valid';
    throw new DomainError('UNAUTHENTICATED', reason);
  }
  const claims = JoinClaimsSchema.safeParse(payload);
  if (!claims.success) throw new DomainError('UNAUTHENTICATED', 'the join link carries malformed claims');
  if (claims.data.exp - claims.data.iat > MAX_TOKEN_TTL_SECONDS) {
    throw new DomainError('UNAUTHENTICATED', 'the join link is valid for longer than any link may be');
  }
  return {
    participantId: claims.data.sub,
    name: claims.data.name,
    sessionId: claims.data.session,
    grant: claims.data.grant,
    tokenId: claims.data.jti,
    issuedAt: claims.data.iat,
    expiresAt: claims.data.exp,
  };
}
