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
    const before = Math.floor(Date.now() / 1000);
    const token = await issueJoinToken(secret, { ...claims, participantId: 'p-1' });
    const verified = await verifyJoinToken(secret, token);
    expect(verified).toEqual({ participantId: 'p-1', ...claims, tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/), issuedAt: expect.any(Number), expiresAt: expect.any(Number) });
    expect(verified.issuedAt).toBeGreaterThanOrEqual(before);
    expect(verified.issuedAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(verified.expiresAt - verified.issuedAt).toBe(7 * 86_400);
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
      .setJti('0123456789abcdef')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(verifyJoinToken(secret, token)).rejects.toThrow(/malformed claims/);
  });

  const signed = (build: (jwt: SignJWT) => SignJWT) =>
    build(
      new SignJWT({ name: 'Aisha', session: 'plenary-1', grant: { role: 'organizer' } })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('p-1')
        .setIssuer('multaqa')
        .setAudience('multaqa:join'),
    ).sign(new TextEncoder().encode(secret));

  it('gives every token its own id', async () => {
    const [a, b] = await Promise.all([issueJoinToken(secret, claims), issueJoinToken(secret, claims)]);
    expect((await verifyJoinToken(secret, a)).tokenId).not.toBe((await verifyJoinToken(secret, b)).tokenId);
  });

  it('refuses a signed token without an expiry, an issue time or a token id', async () => {
    const noExpiry = await signed((jwt) => jwt.setJti('0123456789abcdef').setIssuedAt());
    const noIssueTime = await signed((jwt) => jwt.setJti('0123456789abcdef').setExpirationTime('1h'));
    const noId = await signed((jwt) => jwt.setIssuedAt().setExpirationTime('1h'));
    const complete = await signed((jwt) => jwt.setJti('0123456789abcdef').setIssuedAt().setExpirationTime('1h'));
    for (const token of [noExpiry, noIssueTime, noId]) expect(await codeOf(verifyJoinToken(secret, token))).toBe('UNAUTHENTICATED');
    expect((await verifyJoinToken(secret, complete)).participantId).toBe('p-1');
  });

  it('never lives longer than 31 days: not issued, and not accepted when signed elsewhere', async () => {
    await expect(issueJoinToken(secret, { ...claims, ttlSeconds: 32 * 86_400 })).rejects.toThrow(/at most 31 days/);
    const now = Math.floor(Date.now() / 1000);
    const yearLong = await signed((jwt) => jwt.setJti('0123456789abcdef').setIssuedAt(now).setExpirationTime(now + 365 * 86_400));
    expect(await codeOf(verifyJoinToken(secret, yearLong))).toBe('UNAUTHENTICATED');
    const monthLong = await signed((jwt) => jwt.setJti('0123456789abcdef').setIssuedAt(now).setExpirationTime(now + 31 * 86_400));
    expect((await verifyJoinToken(secret, monthLong)).expiresAt).toBe(now + 31 * 86_400);
  });

  it('refuses garbage', async () => {
    for (const garbage of ['', 'x', 'a.b.c', 'e30.e30.e30']) {
      expect(await codeOf(verifyJoinToken(secret, garbage))).toBe('UNAUTHENTICATED');
    }
  });
});
