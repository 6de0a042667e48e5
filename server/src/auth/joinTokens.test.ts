import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { issueJoinToken, verifyJoinToken } from './joinTokens.ts';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const claims = { name: 'Aisha', sessionId: 'plenary-1', grant: { role: 'interpreter' as const, language: 'fr' } };

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
}

describe('join tokens', () => {
  it('round-trips name, session, role and a stable participant id', async () => {
    const token = await issueJoinToken(secret, { ...claims, participantId: 'p-1' });
    expect(await verifyJoinToken(secret, token)).toEqual({ participantId: 'p-1', ...claims });
  });

  it('makes up a participant id when none is given', async () => {
    const a = await verifyJoinToken(secret, await issueJoinToken(secret, claims));
    const b = await verifyJoinToken(secret, await issueJoinToken(secret, claims));
    expect(a.participantId).not.toEqual(b.participantId);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await issueJoinToken('another-secret-that-is-long-enough-987654', claims);
    expect(await codeOf(verifyJoinToken(secret, token))).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const token = await issueJoinToken(secret, { ...claims, ttlSeconds: -10 });
    await expect(verifyJoinToken(secret, token)).rejects.toThrow(/expired/);
  });

  it('refuses a tampered payload', async () => {
    const token = await issueJoinToken(secret, claims);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.grant = { role: 'organizer' };
    const tampered = [header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.');
    expect(await codeOf(verifyJoinToken(secret, tampered))).toBe('UNAUTHENTICATED');
  });

  it('refuses unsigned (alg: none) tokens', async () => {
    const unsecured = new UnsecuredJWT({ name: 'x', session: 'plenary-1', grant: { role: 'organizer' } })
      .setSubject('evil')
      .setIssuer('multaqa')
      .setAudience('multaqa:join')
      .setExpirationTime('1h')
      .encode();
    expect(await codeOf(verifyJoinToken(secret, unsecured))).toBe('UNAUTHENTICATED');
  });

  it('refuses a correctly signed token with malformed claims', async () => {
    const token = await new SignJWT({ name: '', session: 'Not A Slug', grant: { role: 'king' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('p')
      .setIssuer('multaqa')
      .setAudience('multaqa:join')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(verifyJoinToken(secret, token)).rejects.toThrow(/malformed claims/);
  });

  it('refuses garbage', async () => {
    for (const garbage of ['', 'x', 'a.b.c', 'e30.e30.e30']) {
      expect(await codeOf(verifyJoinToken(secret, garbage))).toBe('UNAUTHENTICATED');
    }
  });
});
