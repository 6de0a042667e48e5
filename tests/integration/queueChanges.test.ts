import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JoinedClients } from '../support/joinedClients.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

let server: TestServer;
const clients = new JoinedClients();

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => clients.closeAll());
afterAll(async () => {
  await server?.close();
});

describe('every queue change says what it was and who made it', () => {
  it('a hand raised, lowered by a moderator, the floor given and taken, all hands lowered, a removal', async () => {
    const session = 'plenary-5';
    const yusuf = await clients.join(server.url, 'Yusuf', { role: 'moderator' }, session, 'qc-yusuf');
    const sara = await clients.join(server.url, 'Sara', { role: 'attendee' }, session, 'qc-sara');
    const omar = await clients.join(server.url, 'Omar', { role: 'attendee' }, session, 'qc-omar');
    const yusufRef = { id: 'qc-yusuf', name: 'Yusuf' };
    const seenBySara = (version: number) => sara.client.next('queue:changed', ({ queue }) => queue.version === version).then(({ queue }) => queue.lastChange);

    const raised = await sara.client.call('queue:raiseHand', {});
    expect(raised.queue.lastChange).toEqual({ type: 'raiseHand', by: { id: 'qc-sara', name: 'Sara' } });

    const removed = await yusuf.client.call('queue:remove', { participantId: 'qc-sara' });
    expect(await seenBySara(removed.queue.version)).toEqual({ type: 'remove', by: yusufRef, subject: { id: 'qc-sara', name: 'Sara' } });

    await sara.client.call('queue:raiseHand', {});
    await omar.client.call('queue:raiseHand', {});
    const given = await yusuf.client.call('floor:give', { participantId: 'qc-sara' });
    expect(await seenBySara(given.queue.version)).toEqual({ type: 'giveFloor', by: yusufRef });
    const next = await yusuf.client.call('floor:next', {});
    expect(await seenBySara(next.queue.version)).toEqual({ type: 'nextSpeaker', by: yusufRef });
    expect(next.queue.current?.participantId).toBe('qc-omar');
    const taken = await yusuf.client.call('floor:take', {});
    expect(await seenBySara(taken.queue.version)).toEqual({ type: 'takeFloor', by: yusufRef });

    await sara.client.call('queue:raiseHand', {});
    const lowered = await yusuf.client.call('queue:lowerAll', {});
    expect(await seenBySara(lowered.queue.version)).toEqual({ type: 'lowerAll', by: yusufRef });

    // A change that changes nothing keeps the last one: people are not told of something that did not happen.
    const unchanged = await yusuf.client.call('queue:lowerAll', {});
    expect(unchanged.queue).toEqual(lowered.queue);

    // Removing someone from the session takes their hand down, and everyone sees who did it.
    await omar.client.call('queue:raiseHand', {});
    const dropped = sara.client.next('queue:changed', ({ queue }) => queue.lastChange?.type === 'dropPerson');
    await yusuf.client.call('moderation:remove', { participantId: 'qc-omar' });
    const omarRef = { id: 'qc-omar', name: 'Omar' };
    expect((await dropped).queue).toMatchObject({ entries: [], lastChange: { type: 'dropPerson', by: yusufRef, subject: omarRef } });
    // Someone joining later gets the queue with its last change too.
    const late = await clients.join(server.url, 'Late', { role: 'attendee' }, session, 'qc-late');
    expect(late.joined.queue.lastChange).toEqual({ type: 'dropPerson', by: yusufRef, subject: omarRef });

    // Someone who leaves with the floor: nobody acted, and everyone reads who it was.
    await late.client.call('queue:raiseHand', {});
    await yusuf.client.call('floor:give', { participantId: 'qc-late' });
    const left = sara.client.next('queue:changed', ({ queue }) => queue.lastChange?.type === 'dropPerson' && queue.lastChange.subject?.id === 'qc-late');
    await late.client.call('session:leave', {});
    expect((await left).queue.lastChange).toEqual({ type: 'dropPerson', subject: { id: 'qc-late', name: 'Late' } });
  });
});
