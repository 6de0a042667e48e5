import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { JoinedClients } from '../support/joinedClients.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';

const SESSION = 'plenary-6';
let a: TestServer;
let b: ServerProcess;
const people = new JoinedClients();
beforeAll(async () => {
  a = await startTestServer();
  b = await ServerProcess.start();
});
afterEach(() => people.closeAll());
afterAll(async () => {
  await b?.stop();
  await a?.close();
});

const token = (name: string, id: string) => issueJoinToken(TEST_SECRET, { name, grant: { role: 'attendee' }, sessionId: SESSION, participantId: id });

describe('who in the queue is here', () => {
  it('a dropped connection keeps its hand, marked not connected on every process; the floor is not given to them; back, the mark goes', async () => {
    const moderator = await people.join(a.url, 'Yusuf', { role: 'moderator' }, SESSION, 'qp-moderator');
    const sara = await people.connect(b.url);
    expect((await sara.join(await token('Sara', 'qp-sara'))).ok).toBe(true);
    const omar = await people.join(a.url, 'Omar', { role: 'attendee' }, SESSION, 'qp-omar');
    await sara.call('queue:raiseHand', { topic: 'first' });
    await omar.client.call('queue:raiseHand', { topic: 'second' });

    sara.close();
    expect(await moderator.client.next('queue:absentChanged', ({ absent }) => absent.includes('qp-sara'))).toEqual({ absent: ['qp-sara'] });
    const { queue } = await moderator.client.call('queue:get', {});
    expect(queue.entries.map((entry) => entry.participantId)).toEqual(['qp-sara', 'qp-omar']);
    // A newcomer (on the other process) is told too.
    const newcomer = await people.join(b.url, 'Lina', { role: 'attendee' }, SESSION, 'qp-lina');
    expect(newcomer.joined.queueAbsent).toEqual(['qp-sara']);

    expect(await moderator.client.request('floor:give', { participantId: 'qp-sara' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'Sara is not connected: the floor cannot be given to them now (they keep their place in the queue)' },
    });
    // "Next speaker" passes over her to the first person who is here; she keeps her place.
    const next = await moderator.client.call('floor:next', {});
    expect(next.queue.current?.participantId).toBe('qp-omar');
    expect(next.queue.entries.map((entry) => entry.participantId)).toEqual(['qp-sara']);
    await moderator.client.call('floor:take', {});

    const back = await people.connect(a.url);
    expect((await back.join(await token('Sara', 'qp-sara'))).ok).toBe(true);
    await moderator.client.next('queue:absentChanged', ({ absent }) => absent.length === 0);
    expect((await moderator.client.call('floor:give', { participantId: 'qp-sara' })).queue.current?.participantId).toBe('qp-sara');
    await moderator.client.call('floor:take', {});
  });

  it('the mark follows the queue: a hand of someone gone that the moderator lowers goes unmarked, and the same person back with a new hand is not marked', async () => {
    const moderator = await people.join(a.url, 'Yusuf', { role: 'moderator' }, SESSION, 'qp-moderator-3');
    /** What the moderator's page shows now: the last list it was told. */
    const markedNow = () => moderator.client.received.filter((r) => r.event === 'queue:absentChanged').at(-1)?.payload as { absent: string[] } | undefined;
    const rania = await people.connect(b.url);
    expect((await rania.join(await token('Rania', 'qp-rania'))).ok).toBe(true);
    await rania.call('queue:raiseHand', {});
    rania.close();
    await expect.poll(() => markedNow()?.absent).toEqual(['qp-rania']);

    await moderator.client.call('queue:remove', { participantId: 'qp-rania' });
    await expect.poll(() => markedNow()?.absent).toEqual([]);
    const back = await people.connect(b.url);
    expect((await back.join(await token('Rania', 'qp-rania'))).ok).toBe(true);
    await back.call('queue:raiseHand', {});
    await moderator.client.next('queue:changed', ({ queue }) => queue.entries.some((entry) => entry.participantId === 'qp-rania'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(markedNow()?.absent).toEqual([]);
    await back.call('queue:lowerHand', {});
  });

  it('pressing Leave lowers the hand, and gives the floor back', async () => {
    const moderator = await people.join(a.url, 'Yusuf', { role: 'moderator' }, SESSION, 'qp-moderator-2');
    const hand = await people.join(b.url, 'Hana', { role: 'attendee' }, SESSION, 'qp-hana');
    const speaker = await people.join(b.url, 'Karim', { role: 'attendee' }, SESSION, 'qp-karim');
    await hand.client.call('queue:raiseHand', {});
    await speaker.client.call('queue:raiseHand', {});
    await moderator.client.call('floor:give', { participantId: 'qp-karim' });

    await hand.client.call('session:leave', {});
    await speaker.client.call('session:leave', {});
    await moderator.client.next('queue:changed', ({ queue }) => queue.current === null && !queue.entries.some((entry) => entry.participantId === 'qp-hana'));
  });
});
