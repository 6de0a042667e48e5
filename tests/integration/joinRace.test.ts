import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conference, SessionInfo } from '@multaqa/shared';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

let server: TestServer;
const clients: SignalingClient[] = [];
beforeAll(async () => {
  // A short grace: an interpreter whose connection dropped keeps their booth place that long.
  server = await startTestServer({ PROCESS_GRACE_SECONDS: '2' });
  // A session of its own: nothing another test left behind is counted here.
  const session: SessionInfo = {
    id: 'race-1', conferenceId: 'race-conf', title: 'Races', kind: 'plenary', day: 0,
    startsAt: '2027-01-01T09:00:00Z', endsAt: '2027-01-01T10:00:00Z', room: 'Hall', floorLanguage: 'ar',
    interpretationLanguages: ['fr'], speakerTimeLimitSeconds: 300,
  };
  const conference: Conference = {
    id: 'race-conf', title: 'Races', timeZone: 'UTC', floorLanguage: 'ar', interpretationLanguages: ['fr'],
    days: [{ date: '2027-01-01', label: 'Day 1' }], sessions: [session],
  };
  await server.store.put(conference);
});
afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
});

async function connect(): Promise<SignalingClient> {
  const client = await SignalingClient.connect(server.url);
  clients.push(client);
  return client;
}

const token = (name: string, participantId: string, grant: Parameters<TestServer['token']>[1] = { role: 'attendee' }) =>
  server.token(name, grant, { sessionId: 'race-1', participantId });

describe('joins that race', () => {
  it('two joins sent at once on one connection: one joins, the other is ALREADY_JOINED, the person is there once', async () => {
    const moderator = await connect();
    expect((await moderator.join(await token('Yusuf', 'race-moderator', { role: 'moderator' }))).ok).toBe(true);
    const twice = await connect();
    const interpreterToken = await token('Amal', 'race-twice', { role: 'interpreter', language: 'fr' });
    const acks = await Promise.all([twice.join(interpreterToken), twice.join(interpreterToken)]);
    expect(acks.map((ack) => (ack.ok ? 'ok' : ack.error.code)).sort()).toEqual(['ALREADY_JOINED', 'ok']);
    const { participants } = await moderator.call('moderation:listParticipants', {});
    expect(participants.filter((p) => p.id === 'race-twice')).toHaveLength(1);
    const booth = (await server.sessions.open('race-1'))!.interpretation.booth('fr')!;
    expect(booth.interpreters.map((i) => i.id)).toEqual(['race-twice']);
    twice.close();
    await expect.poll(async () => (await moderator.call('moderation:listParticipants', {})).participants.map((p) => p.id)).toEqual(['race-moderator']);
    moderator.close();
    await expect.poll(async () => (await server.sessions.load()).sessions).toBe(0);
  });

  it('a connection that goes while its join is on its way leaves no ghost: roster, counts, booth, the session itself', async () => {
    const moderator = await connect();
    expect((await moderator.join(await token('Yusuf', 'race-moderator-2', { role: 'moderator' }))).ok).toBe(true);
    // Gone after 0, 1, 2 … 29 ms: somewhere in there is every step of a join.
    for (let delayMs = 0; delayMs < 30; delayMs++) {
      const leaving = await connect();
      const joining = leaving.join(await token(`Ghost ${delayMs}`, `race-ghost-${delayMs}`, { role: 'interpreter', language: 'fr' }));
      joining.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      leaving.close();
    }
    const session = (await server.sessions.open('race-1'))!;
    await expect.poll(async () => (await moderator.call('moderation:listParticipants', {})).participants.map((p) => p.id), { timeout: 5_000 }).toEqual(['race-moderator-2']);
    await expect.poll(() => session.roster.count).toBe(1);
    // Those whose join got through had their connection drop: out of the booth after the grace period.
    await expect.poll(() => session.interpretation.booth('fr')!.interpreters, { timeout: 5_000 }).toEqual([]);
    await expect.poll(async () => (await server.sessions.mediaLoad('race-1')).reduce((sum, router) => sum + router.peers, 0)).toBe(1);
    await moderator.next('session:countChanged', (count) => count.participantCount === 1, 5_000);

    moderator.close();
    await expect.poll(async () => (await server.sessions.load()).sessions, { timeout: 5_000 }).toBe(0);
  });
});
