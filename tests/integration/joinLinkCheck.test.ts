import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { JOIN_LINK_CHECK_PATH, JoinLinkCheckAnswerSchema } from '@multaqa/shared';
import { JoinedClients } from '../support/joinedClients.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';

let server: TestServer;
const people = new JoinedClients();
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  people.closeAll();
  await server?.close();
});

async function check(token: string | undefined, { inQuery = false } = {}) {
  const url = `${server.url}${JOIN_LINK_CHECK_PATH}${inQuery && token ? `?token=${token}` : ''}`;
  const response = await fetch(url, token && !inQuery ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return { status: response.status, answer: JoinLinkCheckAnswerSchema.parse(await response.json()) };
}

describe('the join page checks its link with the server', () => {
  it('a good link: who, which role, which session (by its title), until when; nobody joins by asking', async () => {
    const token = await server.token('Hiba', { role: 'interpreter', language: 'fr' }, { participantId: 'check-hiba' });
    const { status, answer } = await check(token);
    expect(status).toBe(200);
    expect(answer).toMatchObject({
      ok: true,
      data: { name: 'Hiba', grant: { role: 'interpreter', language: 'fr' }, session: { id: 'plenary-1', title: expect.stringMatching(/^Opening plenary/) } },
    });
    expect(answer.ok && answer.data.expiresAt).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    // Asking is not joining: she is in no booth and nobody counts her.
    const moderator = await people.join(server.url, 'Yusuf', { role: 'moderator' }, 'plenary-1', 'check-moderator');
    const { participants } = await moderator.client.call('moderation:listParticipants', {});
    expect(participants.map((p) => p.id)).not.toContain('check-hiba');
  });

  it.each([
    ['expired', () => issueJoinToken(TEST_SECRET, { name: 'Late', grant: { role: 'attendee' }, sessionId: 'plenary-1', ttlSeconds: -60 }), 401, 'UNAUTHENTICATED', /expired/],
    ['signed by someone else', () => issueJoinToken('another-secret-that-is-long-enough-0123456789', { name: 'X', grant: { role: 'organizer' }, sessionId: 'plenary-1' }), 401, 'UNAUTHENTICATED', /not valid/],
    ['for a session that does not exist', () => issueJoinToken(TEST_SECRET, { name: 'X', grant: { role: 'attendee' }, sessionId: 'no-such-session' }), 404, 'NOT_FOUND', /does not exist/],
  ] as const)('refuses a link %s', async (_label, make, status, code, message) => {
    const result = await check(await make());
    expect(result.status).toBe(status);
    expect(result.answer).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
  });

  it('refuses a removed person, and a link sent in the query string or not at all', async () => {
    const moderator = await people.join(server.url, 'Yusuf', { role: 'moderator' }, 'plenary-1', 'check-moderator-2');
    await people.join(server.url, 'Troll', { role: 'attendee' }, 'plenary-1', 'check-troll');
    await moderator.client.call('moderation:remove', { participantId: 'check-troll' });
    const trollToken = await server.token('Troll', { role: 'attendee' }, { participantId: 'check-troll' });
    expect(await check(trollToken)).toMatchObject({ status: 403, answer: { ok: false, error: { code: 'FORBIDDEN' } } });
    expect(await check(trollToken, { inQuery: true })).toMatchObject({ status: 401, answer: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    expect(await check(undefined)).toMatchObject({ status: 401 });
  });
});
