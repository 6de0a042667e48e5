import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { DisplayNameSchema, ParticipantIdSchema, RoleGrantSchema, SlugSchema, type RoleGrant } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';

const ISSUER = 'multaqa';
const AUDIENCE = 'multaqa:join';
const ALGORITHM = 'HS256';

const JoinClaimsSchema = z.object({
  sub: ParticipantIdSchema,
  name: DisplayNameSchema,
  session: SlugSchema,
  grant: RoleGrantSchema,
});

/** Who a join link lets in, to which session, in which role. */
export type JoinClaims = {
  participantId: string;
  name: string;
  sessionId: string;
  grant: RoleGrant;
};

export type IssueOptions = Omit<JoinClaims, 'participantId'> & {
  participantId?: string;
  /** Lifetime in seconds; a conference link typically lasts the event. */
  ttlSeconds?: number;
};

const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;

function keyFrom(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function issueJoinToken(secret: string, options: IssueOptions): Promise<string> {
  const participantId = options.participantId ?? randomUUID();
  const claims = JoinClaimsSchema.parse({
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
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? DEFAULT_TTL_SECONDS))
    .sign(keyFrom(secret));
}

/** Verifies signature, issuer, audience, expiry and claim shapes; any failure is UNAUTHENTICATED. */
export async function verifyJoinToken(secret: string, token: string): Promise<JoinClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyFrom(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
    }));
  } catch (error) {
    const reason = error instanceof joseErrors.JWTExpired ? 'the join link has expired' : 'the join link is not valid';
    throw new DomainError('UNAUTHENTICATED', reason);
  }
  const claims = JoinClaimsSchema.safeParse(payload);
  if (!claims.success) throw new DomainError('UNAUTHENTICATED', 'the join link carries malformed claims');
  return {
    participantId: claims.data.sub,
    name: claims.data.name,
    sessionId: claims.data.session,
    grant: claims.data.grant,
  };
}
