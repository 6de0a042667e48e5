import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Booth } from '@multaqa/shared';
import { ServerProcess } from '../support/serverProcess.ts';
import { JoinedClients, type Grant } from '../support/joinedClients.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// Two server processes share one Redis: A runs inside the test, B is a separate OS process.
let a: TestServer;
let b: ServerProcess;
const sessionClients = new JoinedClients();

beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(), ServerProcess.start()]);
});
afterEach(() => {
  sessionClients.closeAll();
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.stop()]);
});

const joinAs = (url: string, name: string, grant: Grant, sessionId: string, participantId?: string) =>
  sessionClients.join(url, name, grant, sessionId, participantId);

const boothUpdate = (client: SignalingClient, language: string, match: (booth: Booth) => boolean) =>
  client.next('booth:changed', ({ booth }) => booth.language === language && match(booth));

describe('interpretation channels across two server processes', () => {
  it("one interpreter's requests are handled in the order sent: coughs tapped faster than Redis answers end as the last one", async () => {
    const amal = await joinAs(a.url, 'Amal', { role: 'interpreter', language: 'ms' }, 'plenary-3', 'order-amal');
    await amal.client.call('booth:goOnAir', {});
    // 3 × 11 presses: within the booth's budget of 40 changes per 10 s.
    for (const last of [false, true, false]) {
      const presses = Array.from({ length: 10 }, (_, index) => index % 2 === 0);
      const acks = await Promise.all([...presses, last].map((muted) => amal.client.request('booth:setMuted', { muted })));
      expect(acks.every((ack) => ack.ok)).toBe(true);
      const final = acks.at(-1)!;
      expect(final.ok && final.data.booth.muted).toBe(last);
      const { joined } = await joinAs(b.url, 'Sara', { role: 'attendee' }, 'plenary-3');
      expect(joined.booths.find((booth) => booth.language === 'ms')?.muted).toBe(last);
    }
    await amal.client.call('booth:goOffAir', {});
  });

  it('every session lists one booth per channel language, all idle', async () => {
    const { joined } = await joinAs(b.url, 'Sara', { role: 'attendee' }, 'plenary-2');
    expect(joined.booths.map((booth) => booth.language)).toEqual(['en', 'fr', 'es', 'tr', 'ur', 'ms']);
    expect(joined.booths.every((booth) => booth.onAir === null)).toBe(true);
    expect(joined.listenerCounts.channels).toEqual({ en: 0, fr: 0, es: 0, tr: 0, ur: 0, ms: 0 });
  });

  it('going on air and handing over through one process is seen through the other', async () => {
    const session = 'plenary-2';
    const amal = await joinAs(a.url, 'Amal', { role: 'interpreter', language: 'fr' }, session, 'amal');
    const bruno = await joinAs(b.url, 'Bruno', { role: 'interpreter', language: 'fr' }, session, 'bruno');
    const listener = await joinAs(b.url, 'Sara', { role: 'attendee' }, session);

    expect(await amal.client.call('booth:goOnAir', {})).toMatchObject({ booth: { onAir: 'amal' } });
    await boothUpdate(listener.client, 'fr', (booth) => booth.onAir === 'amal');
    expect(await bruno.client.request('booth:goOnAir', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'Amal is on air; ask them to hand over' },
    });

    await amal.client.call('booth:offerHandover', {});
    await boothUpdate(bruno.client, 'fr', (booth) => booth.handoverOfferedBy === 'amal');
    await bruno.client.call('booth:takeOver', {});
    await boothUpdate(listener.client, 'fr', (booth) => booth.onAir === 'bruno');
    await boothUpdate(amal.client, 'fr', (booth) => booth.onAir === 'bruno');

    // A late joiner on the first process gets the state from Redis.
    const late = await joinAs(a.url, 'Late', { role: 'attendee' }, session);
    expect(late.joined.booths.find((booth) => booth.language === 'fr')).toMatchObject({ onAir: 'bruno', interpreters: [{ id: 'amal' }, { id: 'bruno' }] });

    // The live interpreter leaving takes the channel off air for everyone.
    await bruno.client.call('session:leave', {});
    await boothUpdate(listener.client, 'fr', (booth) => booth.onAir === null && booth.interpreters.length === 1);
  });

  it('two partners pressing "take" at once on different processes: exactly one wins, every time', async () => {
    const session = 'plenary-3';
    const live = await joinAs(a.url, 'Lina', { role: 'interpreter', language: 'es' }, session, 'lina');
    const onA = await joinAs(a.url, 'Marco', { role: 'interpreter', language: 'es' }, session, 'marco');
    const onB = await joinAs(b.url, 'Nuria', { role: 'interpreter', language: 'es' }, session, 'nuria');
    await live.client.call('booth:goOnAir', {});
    const partners = [onA, onB];
    let holder = live;
    const winners: string[] = [];
    for (let round = 0; round < 20; round++) {
      await holder.client.call('booth:offerHandover', {});
      const candidates = partners.filter((p) => p !== holder);
      const acks = await Promise.all(candidates.map((p) => p.client.request('booth:takeOver', {})));
      const won = acks.filter((ack) => ack.ok);
      expect(won).toHaveLength(1);
      expect(acks.filter((ack) => !ack.ok)).toMatchObject([{ ok: false, error: { code: 'INVALID_STATE' } }]);
      const winner = candidates[acks.findIndex((ack) => ack.ok)]!;
      winners.push(winner.joined.self.id);
      partners.push(holder);
      partners.splice(partners.indexOf(winner), 1);
      holder = winner;
    }
    // Both processes agree on who holds the channel.
    const fromA = await joinAs(a.url, 'Check A', { role: 'attendee' }, session);
    const fromB = await joinAs(b.url, 'Check B', { role: 'attendee' }, session);
    const esOf = (j: typeof fromA) => j.joined.booths.find((booth) => booth.language === 'es');
    expect(esOf(fromA)?.onAir).toBe(holder.joined.self.id);
    expect(esOf(fromB)).toEqual(esOf(fromA));
    expect(esOf(fromA)?.version).toBeGreaterThan(40);
  });

  it('listener counts follow the language people pick, on both processes', async () => {
    const session = 'workshop-1';
    const one = await joinAs(a.url, 'One', { role: 'attendee' }, session);
    const two = await joinAs(b.url, 'Two', { role: 'attendee' }, session);
    await one.client.call('interpretation:selectLanguage', { language: 'tr' });
    await two.client.call('interpretation:selectLanguage', { language: 'tr' });
    await one.client.next('interpretation:listenerCountsChanged', (c) => c.channels.tr === 2 && c.floor === 0);
    await two.client.call('interpretation:selectLanguage', { language: null });
    await one.client.next('interpretation:listenerCountsChanged', (c) => c.channels.tr === 1 && c.floor === 1);
    one.client.close();
    await two.client.next('interpretation:listenerCountsChanged', (c) => c.channels.tr === 0 && c.floor === 1);
  });

  it('the booth chat reaches the partners in that booth only', async () => {
    const session = 'workshop-2';
    const amal = await joinAs(a.url, 'Amal', { role: 'interpreter', language: 'ur' }, session);
    const bruno = await joinAs(b.url, 'Bruno', { role: 'interpreter', language: 'ur' }, session);
    const other = await joinAs(a.url, 'Malay', { role: 'interpreter', language: 'ms' }, session);
    const attendee = await joinAs(b.url, 'Sara', { role: 'attendee' }, session);
    await amal.client.call('booth:sendChat', { text: 'take over at 10:30?' });
    expect(await bruno.client.next('booth:chatMessage')).toMatchObject({ language: 'ur', text: 'take over at 10:30?', from: { name: 'Amal' } });
    expect(await attendee.client.request('booth:sendChat', { text: 'hi' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(other.client.received.some((r) => r.event === 'booth:chatMessage')).toBe(false);
    expect(attendee.client.received.some((r) => r.event === 'booth:chatMessage')).toBe(false);
  });

  it('an interpreter who leaves, or joins another session on the same connection, gets no more of the old booth chat', async () => {
    const [session, next] = ['plenary-5', 'plenary-6'];
    const amal = await joinAs(a.url, 'Amal', { role: 'interpreter', language: 'tr' }, session, 'rooms-amal');
    const bruno = await joinAs(b.url, 'Bruno', { role: 'interpreter', language: 'tr' }, session, 'rooms-bruno');
    const carla = await joinAs(a.url, 'Carla', { role: 'interpreter', language: 'tr' }, session, 'rooms-carla');
    const dana = await joinAs(a.url, 'Dana', { role: 'interpreter', language: 'tr' }, next, 'rooms-dana');
    const chat = async (from: typeof bruno, text: string, heardBy: SignalingClient) => {
      await from.client.call('booth:sendChat', { text });
      await heardBy.next('booth:chatMessage', (message) => message.text === text);
      // Amal is on Carla's process: what reaches Carla would have reached her by now.
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const amalHeard = () => amal.client.received.filter((r) => r.event === 'booth:chatMessage').map((r) => (r.payload as { text: string }).text);

    await chat(bruno, 'before', carla.client);
    expect(amalHeard()).toEqual(['before']);
    await amal.client.call('session:leave', {});
    await chat(bruno, 'after leaving', carla.client);
    expect(amalHeard()).toEqual(['before']);

    // The same connection joins another session's booth of the same language.
    const joined = await amal.client.join(await a.token('Amal', { role: 'interpreter', language: 'tr' }, { sessionId: next, participantId: 'rooms-amal' }));
    expect(joined.ok, JSON.stringify(joined)).toBe(true);
    await chat(bruno, 'after joining elsewhere', carla.client);
    await chat(dana, 'in the new booth', amal.client);
    expect(amalHeard()).toEqual(['before', 'in the new booth']);
  });
});

describe('a server restart', () => {
  it('keeps the booths: who is in them, who is on air, and their inputs', async () => {
    const session = 'plenary-1';
    const amal = await joinAs(b.url, 'Amal', { role: 'interpreter', language: 'ur' }, session, 'restart-amal');
    await amal.client.call('booth:setInput', { input: { kind: 'booth', language: 'en' } });
    await amal.client.call('booth:goOnAir', {});
    const leaving = await joinAs(b.url, 'Leaving', { role: 'attendee' }, session);
    await leaving.client.call('interpretation:selectLanguage', { language: 'ur' });

    await b.stop();
    b = await ServerProcess.start();

    const listener = await joinAs(b.url, 'Sara', { role: 'attendee' }, session);
    // The stopped process took its listeners out of the shared counts on the way down.
    expect(listener.joined.listenerCounts.channels.ur).toBe(0);
    expect(listener.joined.booths.find((booth) => booth.language === 'ur')).toMatchObject({
      onAir: 'restart-amal',
      interpreters: [{ id: 'restart-amal', input: { kind: 'booth', language: 'en' } }],
    });
    // The interpreter's client re-joins after the restart and is still the voice of the channel.
    const back = await joinAs(b.url, 'Amal', { role: 'interpreter', language: 'ur' }, session, 'restart-amal');
    expect(back.joined.booths.find((booth) => booth.language === 'ur')?.onAir).toBe('restart-amal');
    expect(await back.client.call('booth:goOffAir', {})).toMatchObject({ booth: { onAir: null } });
  });
});

describe('enforcement', () => {
  it('only interpreters of a booth act on it; bad languages and relays are refused', async () => {
    const session = 'plenary-4';
    const attendee = await joinAs(a.url, 'Sara', { role: 'attendee' }, session);
    const speaker = await joinAs(a.url, 'Khadija', { role: 'speaker' }, session);
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session);
    for (const { client } of [attendee, speaker, moderator]) {
      for (const event of ['booth:goOnAir', 'booth:takeOver', 'booth:offerHandover'] as const) {
        expect(await client.request(event, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    expect(await attendee.client.request('interpretation:selectLanguage', { language: 'de' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const interpreter = await joinAs(a.url, 'Amal', { role: 'interpreter', language: 'en' }, session);
    expect(await interpreter.client.request('booth:setInput', { input: { kind: 'booth', language: 'de' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await interpreter.client.request('booth:setInput', { input: { kind: 'booth', language: 'en' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await interpreter.client.call('booth:setInput', { input: { kind: 'booth', language: 'fr' } })).toMatchObject({
      booth: { interpreters: [{ id: interpreter.joined.self.id, input: { kind: 'booth', language: 'fr' } }] },
    });
    // An interpreter for a language the session has no booth for cannot join it.
    const stray = await sessionClients.connect(a.url);
    expect(await stray.join(await a.token('Hans', { role: 'interpreter', language: 'de' }, { sessionId: session }))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
