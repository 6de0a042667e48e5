import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** `Authorization: Bearer <token>`; the token as RFC 6750 spells it (JWTs and random secrets fit). */
const BearerSchema = z.string().max(8192).regex(/^Bearer [A-Za-z0-9\-._~+/]+=*$/i);

/** The bearer token of an Authorization header, or undefined when there is none (or it is malformed). */
export function bearerToken(header: string | undefined): string | undefined {
  const parsed = BearerSchema.safeParse(header);
  return parsed.success ? parsed.data.slice('Bearer '.length) : undefined;
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
