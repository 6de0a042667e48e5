import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyQueueDelta, type RequestName, type SpeakerQueue } from '@multaqa/shared';
import { applyQueueCommand, emptyQueue, type QueueCommand } from '@multaqa/server/domain/moderation/speakerQueue.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { JoinedClients, type Grant } from '../support/joinedClients.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

let a: TestServer;
let b: ServerProcess;
const sessionClients = new JoinedClients();
const peers: PeerProcess[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(), ServerProcess.start()]);
});
afterEach(async () => {
  sessionClients.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.stop()]);
});

const joinAs = (url: string, name: string, grant: Grant, sessionId: string, participantId?: string) =>
  sessionClients.join(url, name, grant, sessionId, participantId);

/** The model's answer to a command, or undefined where the state machine refuses it. */
function applyQueueCommandSafely(queue: SpeakerQueue, command: QueueCommand): SpeakerQueue | undefined {
  try {
    return applyQueueCommand(queue, command);
  } catch {
    return undefined;
  }
}

const order = (queue: SpeakerQueue) => queue.entries.map((e) => `${e.participantId}:${e.kind}`);

describe('authorization', () => {
  const moderatorActions: Array<[RequestName, unknown]> = [
    ['queue:remove', { participantId: 'someone' }],
    ['queue:move', { participantId: 'someone', toPosition: 1 }],
    ['queue:lowerAll', {}],
    ['floor:give', { participantId: 'someone' }],
    ['floor:next', {}],
    ['floor:take', {}],
    ['floor:setTimeLimit', { limitSeconds: 60 }],
    ['moderation:mute', { participantId: 'someone' }],
    ['moderation:muteAll', {}],
    ['moderation:remove', { participantId: 'someone' }],
    ['moderation:listParticipants', {}],
  ];

  it.each([
    ['an attendee', { role: 'attendee' }],
    ['a speaker', { role: 'speaker' }],
    ['an interpreter', { role: 'interpreter', language: 'fr' }],
  ] as const)('every moderator action by %s is refused and changes nothing', async (_label, grant) => {
    const session = 'workshop-1';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session);
    const someone = await joinAs(b.url, 'Someone', { role: 'attendee' }, session, 'someone');
    await someone.client.call('queue:raiseHand', { topic: 'Water' });
    await moderator.client.call('floor:next', {});
    await joinAs(b.url, 'Other', { role: 'attendee' }, session).then(({ client }) => client.call('queue:raiseHand', {}));
    const before = (await joinAs(a.url, 'Watcher', { role: 'attendee' }, session)).joined.queue;

    const actor = await joinAs(b.url, 'Actor', grant as Grant, session);
    for (const [event, payload] of moderatorActions) {
      const ack = await actor.client.request(event, payload as never);
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/only moderators/) } });
    }
    const after = (await joinAs(a.url, 'Watcher 2', { role: 'attendee' }, session)).joined.queue;
    expect(after).toEqual(before);
    // 'someone' was neither removed nor disconnected.
    expect(await someone.client.request('media:getRouterRtpCapabilities', {})).toMatchObject({ ok: true });
    await moderator.client.call('floor:take', {});
    await moderator.client.call('queue:lowerAll', {});
  });

  it('organizers moderate too', async () => {
    const organizer = await joinAs(b.url, 'Amina', { role: 'organizer' }, 'workshop-1');
    expect(await organizer.client.request('queue:lowerAll', {})).toMatchObject({ ok: true });
  });
});

describe('the queue across two server processes', () => {
  it('a moderator on one process sees hands raised on the other, and gives the floor', async () => {
    const session = 'plenary-2';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session);
    const sara = await joinAs(b.url, 'Sara', { role: 'attendee' }, session, 'q-sara');
    const omar = await joinAs(b.url, 'Omar', { role: 'attendee' }, session, 'q-omar');
    await sara.client.call('queue:raiseHand', { topic: 'Education', language: 'ar' });
    await omar.client.call('queue:raiseHand', { kind: 'pointOfOrder' });
    const seen = await moderator.client.next('queue:changed', ({ queue }) => queue.entries.length === 2);
    expect(order(seen.queue)).toEqual(['q-omar:pointOfOrder', 'q-sara:normal']);

    await moderator.client.call('queue:move', { participantId: 'q-sara', toPosition: 1 });
    const given = await moderator.client.call('floor:next', {});
    expect(given.queue.current).toMatchObject({ participantId: 'q-sara', topic: 'Education', language: 'ar', limitSeconds: 300 });
    await sara.client.next('queue:changed', ({ queue }) => queue.current?.participantId === 'q-sara');
    expect(await sara.client.request('queue:raiseHand', {})).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await moderator.client.call('floor:take', {});
    await moderator.client.call('queue:lowerAll', {});
  });

  it('1,000 random concurrent operations on both processes: nothing lost or duplicated, checked against the model', async () => {
    const session = 'plenary-3';
    const moderators = [await joinAs(a.url, 'Mod A', { role: 'moderator' }, session, 'mod-a'), await joinAs(b.url, 'Mod B', { role: 'moderator' }, session, 'mod-b')];
    const people = await Promise.all(
      Array.from({ length: 100 }, (_, i) => joinAs(i % 2 === 0 ? a.url : b.url, `Person ${i}`, { role: 'attendee' }, session, `p${i}`)),
    );
    let seed = 2026;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;

    type Done = { command: QueueCommand; queue: SpeakerQueue };
    const done: Done[] = [];
    const operations: Array<Promise<void>> = [];
    for (let i = 0; i < 1_000; i++) {
      const person = pick(people);
      const target = `p${Math.floor(random() * people.length)}`;
      const moderator = pick(moderators);
      const roll = random();
      const [client, event, payload, command]: [SignalingClient, RequestName, unknown, QueueCommand] =
        roll < 0.35
          ? [person.client, 'queue:raiseHand', { kind: random() < 0.2 ? 'pointOfOrder' : 'normal' }, { type: 'raiseHand', by: { id: person.id, name: '' }, kind: 'normal', now: 0 }]
          : roll < 0.5
            ? [person.client, 'queue:lowerHand', {}, { type: 'lowerHand', by: person.id }]
            : roll < 0.7
              ? [moderator.client, 'queue:move', { participantId: target, toPosition: 1 + Math.floor(random() * 5) }, { type: 'move', participantId: target, toPosition: 0 }]
              : roll < 0.8
                ? [moderator.client, 'queue:remove', { participantId: target }, { type: 'remove', participantId: target }]
                : roll < 0.9
                  ? [moderator.client, 'floor:next', {}, { type: 'nextSpeaker', now: 0, limitSeconds: 300 }]
                  : [moderator.client, 'floor:take', {}, { type: 'takeFloor' }];
      // Fill in what the request carries so the model replays exactly the same command.
      if (command.type === 'raiseHand') command.kind = (payload as { kind: 'normal' | 'pointOfOrder' }).kind;
      if (command.type === 'move') command.toPosition = (payload as { toPosition: number }).toPosition;
      operations.push(
        client.request(event, payload as never, 30_000).then((ack) => {
          if (ack.ok) done.push({ command, queue: (ack.data as { queue: SpeakerQueue }).queue });
          else expect(['INVALID_STATE', 'NOT_FOUND', 'VALIDATION_FAILED', 'RATE_LIMITED']).toContain(ack.error.code);
        }),
      );
    }
    await Promise.all(operations);
    expect(done.length).toBeGreaterThan(100);

    // Replayed in version order, the model passes through exactly the states the server
    // reported: every version is one change (no gaps: nothing lost; one change per version:
    // nothing applied twice), and every other success at that version was a no-op.
    const versions = [...new Set(done.map((d) => d.queue.version))].sort((x, y) => x - y);
    let model = emptyQueue();
    for (const version of versions) {
      const group = done.filter((d) => d.queue.version === version);
      const reported = group[0]!.queue;
      for (const { queue } of group) expect(order(queue)).toEqual(order(reported));
      let others = group;
      if (version !== model.version) {
        expect(version).toBe(model.version + 1);
        const matches = (next: SpeakerQueue | undefined) =>
          next !== undefined &&
          order(next).join() === order(reported).join() &&
          (next.current?.participantId ?? null) === (reported.current?.participantId ?? null);
        // Two commands can make the same change (a moderator's remove and the person's own lower):
        // the one that explains it is the one after which every other success is a no-op (lowering a
        // lowered hand is one; removing someone not in the queue is refused).
        const change = group.find(({ command }) => {
          const next = applyQueueCommandSafely(model, command);
          if (next === undefined || next === model || !matches(next)) return false;
          return group.every((other) => other.command === command || applyQueueCommandSafely(next, other.command) === next);
        });
        expect(change, `a change that explains version ${version}`).toBeDefined();
        model = applyQueueCommand(model, change!.command);
        others = group.filter((g) => g !== change);
      }
      // Any other success at this version must have been a no-op on it; a second change would be a lost update.
      for (const { command } of others) expect(applyQueueCommandSafely(model, command), JSON.stringify(command)).toBe(model);
      expect(order(model)).toEqual(order(reported));
      expect(model.current?.participantId ?? null).toEqual(reported.current?.participantId ?? null);
    }
    // And both processes end up agreeing with the model.
    for (const url of [a.url, b.url]) {
      const final = (await joinAs(url, 'Final', { role: 'attendee' }, session)).joined.queue;
      expect(order(final)).toEqual(order(model));
      expect(final.current?.participantId ?? null).toEqual(model.current?.participantId ?? null);
    }
  }, 60_000);
});

describe('the same person twice', () => {
  it('joining through another process ends the first window there; counts and lists hold the person once', async () => {
    const session = 'workshop-2';
    const watcher = await joinAs(a.url, 'Watcher', { role: 'moderator' }, session, 'twice-watcher');
    const first = await joinAs(a.url, 'Lea', { role: 'speaker' }, session, 'twice-lea');
    await watcher.client.next('session:countChanged', ({ participantCount }) => participantCount === 2);
    const ended = first.client.next('session:ended');
    const second = await joinAs(b.url, 'Lea', { role: 'speaker' }, session, 'twice-lea');
    expect(await ended).toMatchObject({ reason: 'REPLACED' });
    // Each process publishes its part of the count at most every 500 ms, so on the way the count
    // may read 3 (b counted her first) or 1 (a let her go first): what it settles on is what counts.
    const lastCount = () =>
      (watcher.client.received.filter((r) => r.event === 'session:countChanged').at(-1)?.payload as { participantCount: number } | undefined)?.participantCount;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await expect.poll(lastCount).toBe(2);
    const everyone = (await watcher.client.call('moderation:listParticipants', {})).participants.map((p) => p.id);
    expect(everyone.filter((id) => id === 'twice-lea')).toHaveLength(1);
    // Nobody was told Lea left: she is still on stage, through process b.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lastCount()).toBe(2);
    expect(watcher.client.received.some((r) => r.event === 'participant:left')).toBe(false);
    const late = await joinAs(b.url, 'Late', { role: 'attendee' }, session, 'twice-late');
    expect(late.joined.stage.map((p) => p.id)).toContain('twice-lea');
    expect(late.joined.participantCount).toBe(3);
    second.client.close();
  });

  it('a second window on the same process leaves the listener counts as one listener', async () => {
    const session = 'workshop-2';
    const watcher = await joinAs(a.url, 'Counter', { role: 'attendee' }, session, 'twice-counter');
    const first = await joinAs(a.url, 'Tom', { role: 'attendee' }, session, 'twice-tom');
    await first.client.call('interpretation:selectLanguage', { language: 'fr' });
    await watcher.client.next('interpretation:listenerCountsChanged', (counts) => counts.channels.fr === 1);
    const second = await joinAs(a.url, 'Tom', { role: 'attendee' }, session, 'twice-tom');
    await second.client.call('interpretation:selectLanguage', { language: 'fr' });
    await second.client.call('session:leave', {});
    watcher.client.received.length = 0;
    await watcher.client.next('interpretation:listenerCountsChanged', (counts) => counts.channels.fr === 0, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const last = watcher.client.received.filter((r) => r.event === 'interpretation:listenerCountsChanged').at(-1)?.payload as { channels: Record<string, number> };
    expect(last.channels.fr).toBe(0);
  });
});

describe('a long queue', () => {
  it('goes out as deltas that rebuild the same queue on every process, and a stale copy fetches the whole queue', async () => {
    const session = 'workshop-1';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session, 'long-moderator');
    const watcher = await joinAs(b.url, 'Watcher', { role: 'attendee' }, session, 'long-watcher');
    for (let i = 0; i < 40; i++) {
      const hand = await joinAs(i % 2 === 0 ? a.url : b.url, `Hand ${i}`, { role: 'attendee' }, session, `long-hand-${i}`);
      await hand.client.call('queue:raiseHand', { topic: `point ${i}` });
    }
    let copy = (await watcher.client.call('queue:get', {})).queue;
    const stale = copy;
    expect(copy.entries).toHaveLength(40);

    // A move and a lowered hand: each reaches the watcher (on the other process) as a small delta.
    const moved = moderator.client.next('queue:delta', (delta) => delta.fromVersion === copy.version);
    const { queue: afterMove } = await moderator.client.call('queue:move', { participantId: 'long-hand-30', toPosition: 1 });
    const moveDelta = await watcher.client.next('queue:delta', (delta) => delta.version === afterMove.version);
    await moved;
    expect(moveDelta.order).toBeDefined();
    copy = applyQueueDelta(copy, moveDelta)!;
    expect(copy).toEqual(afterMove);
    expect(JSON.stringify(moveDelta).length).toBeLessThan(JSON.stringify(afterMove).length / 2);

    const { queue: afterRemove } = await moderator.client.call('queue:remove', { participantId: 'long-hand-5' });
    const removeDelta = await watcher.client.next('queue:delta', (delta) => delta.version === afterRemove.version);
    expect(removeDelta).toMatchObject({ removed: ['long-hand-5'], added: [] });
    expect(removeDelta.order).toBeUndefined();
    copy = applyQueueDelta(copy, removeDelta)!;
    expect(copy).toEqual(afterRemove);
    // A copy that missed a change cannot take the next delta; the whole queue is one request away.
    expect(applyQueueDelta(stale, removeDelta)).toBeUndefined();
    expect((await watcher.client.call('queue:get', {})).queue).toEqual(afterRemove);

    await moderator.client.call('queue:lowerAll', {});
  });
});

describe('a server restart', () => {
  it('keeps the queue and who has the floor', async () => {
    const session = 'plenary-6';
    const moderator = await joinAs(b.url, 'Yusuf', { role: 'moderator' }, session);
    for (const name of ['Restart A', 'Restart B', 'Restart C']) {
      await (await joinAs(b.url, name, { role: 'attendee' }, session, name.replace(' ', '-').toLowerCase())).client.call('queue:raiseHand', { topic: name });
    }
    const before = (await moderator.client.call('floor:next', {})).queue;

    await b.stop();
    b = await ServerProcess.start();

    const after = (await joinAs(b.url, 'Watcher', { role: 'attendee' }, session)).joined.queue;
    expect(after).toEqual(before);
    expect(order(after)).toEqual(['restart-b:normal', 'restart-c:normal']);
    expect(after.current?.participantId).toBe('restart-a');
  });
});

describe('abuse', () => {
  it('an attendee spamming raise/lower is rate-limited without affecting others', async () => {
    const session = 'workshop-2';
    const spammer = await joinAs(a.url, 'Spammer', { role: 'attendee' }, session);
    const other = await joinAs(a.url, 'Polite', { role: 'attendee' }, session);
    const acks = [];
    for (let i = 0; i < 30; i++) acks.push(await spammer.client.request(i % 2 === 0 ? 'queue:raiseHand' : 'queue:lowerHand', {}));
    const limited = acks.filter((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(20);
    expect(await other.client.request('queue:raiseHand', {})).toMatchObject({ ok: true });
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the floor in media', () => {
  it('an attendee given the floor publishes; when the floor is taken back their producer is closed server-side', async () => {
    const session = 'plenary-4';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session);
    const sara = await joinAs(a.url, 'Sara', { role: 'attendee' }, session, 'floor-sara');
    expect(await sara.client.request('media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await sara.client.call('queue:raiseHand', {});
    await moderator.client.call('floor:next', {});
    sara.client.close();

    // Sara's browser (here a Node WebRTC peer) now publishes her microphone.
    const token = await a.token('Sara', { role: 'attendee' }, { sessionId: session, participantId: 'floor-sara' });
    const speaking = new PeerProcess({ url: a.url, token, mode: 'send' });
    peers.push(speaking);
    const { producerId } = await speaking.waitFor((r): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced');
    const listener = new PeerProcess({ url: a.url, token: await a.token('Bilal', { role: 'attendee' }, { sessionId: session }), mode: 'receive' });
    peers.push(listener);
    await listener.framesWhere((r) => (r.byProducer[producerId] ?? 0) >= 50, 15_000);

    await moderator.client.call('floor:take', {});
    await listener.waitFor((r) => r.event === 'producerClosed' && r.producerId === producerId);
    expect(await speaking.request('media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('muting and removing people', () => {
  it('a moderator on one process mutes a speaker connected to the other; mute all spares moderators', async () => {
    const session = 'plenary-5';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session);
    const speaker = new PeerProcess({ url: b.url, token: await a.token('Khadija', { role: 'speaker' }, { sessionId: session, participantId: 'mute-khadija' }), mode: 'send' });
    peers.push(speaker);
    const { producerId } = await speaker.waitFor((r): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced');
    const paused = moderator.client.next('producer:paused', (p) => p.producerId === producerId);
    await moderator.client.call('moderation:mute', { participantId: 'mute-khadija' });
    await paused;
    // The speaker may unmute themselves.
    expect(await speaker.request('media:resumeProducer', { producerId })).toMatchObject({ ok: true });
    await moderator.client.next('producer:resumed', (p) => p.producerId === producerId);
    const pausedAgain = moderator.client.next('producer:paused', (p) => p.producerId === producerId);
    await moderator.client.call('moderation:muteAll', {});
    await pausedAgain;
  });

  it('a removed participant is disconnected and cannot come back with the same link', async () => {
    const session = 'plenary-5';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session);
    const troll = await joinAs(b.url, 'Troll', { role: 'attendee' }, session, 'remove-troll');
    const ended = troll.client.next('session:ended');
    await moderator.client.call('moderation:remove', { participantId: 'remove-troll' });
    expect(await ended).toMatchObject({ reason: 'REMOVED' });
    const again = await sessionClients.connect(a.url);
    expect(await again.join(await a.token('Troll', { role: 'attendee' }, { sessionId: session, participantId: 'remove-troll' }))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'a moderator removed you from this session' },
    });
    const list = await moderator.client.call('moderation:listParticipants', {});
    expect(list.participants.map((p) => p.id)).not.toContain('remove-troll');
  });

  it('a moderator cannot remove an organizer or another moderator (across processes); an organizer can remove a moderator', async () => {
    const session = 'plenary-5';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session, 'rank-moderator');
    const otherModerator = await joinAs(b.url, 'Layla', { role: 'moderator' }, session, 'rank-moderator-2');
    const organizer = await joinAs(b.url, 'Amina', { role: 'organizer' }, session, 'rank-organizer');
    expect(await moderator.client.request('moderation:remove', { participantId: 'rank-organizer' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'organizers cannot be removed from a session' },
    });
    expect(await moderator.client.request('moderation:remove', { participantId: 'rank-moderator-2' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await moderator.client.request('moderation:remove', { participantId: 'rank-moderator' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await moderator.client.request('moderation:remove', { participantId: 'rank-nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Nothing happened to them: still connected, still listed, not kept out.
    const list = await moderator.client.call('moderation:listParticipants', {});
    expect(list.participants.map((p) => p.id)).toEqual(expect.arrayContaining(['rank-organizer', 'rank-moderator-2']));
    expect(organizer.client.socket.connected && otherModerator.client.socket.connected).toBe(true);
    expect(organizer.client.received.some((r) => r.event === 'session:ended')).toBe(false);

    const ended = moderator.client.next('session:ended');
    await organizer.client.call('moderation:remove', { participantId: 'rank-moderator' });
    expect(await ended).toMatchObject({ reason: 'REMOVED' });
  });

  it('a removed person loses their raised hand, and the floor if they hold it', async () => {
    const session = 'plenary-5';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session, 'remove-hand-moderator');
    const waiting = await joinAs(b.url, 'Waiting', { role: 'attendee' }, session, 'remove-hand-waiting');
    const speaking = await joinAs(b.url, 'Speaking', { role: 'attendee' }, session, 'remove-hand-speaking');
    await waiting.client.call('queue:raiseHand', {});
    await speaking.client.call('queue:raiseHand', {});
    await moderator.client.call('floor:give', { participantId: 'remove-hand-speaking' });

    await moderator.client.call('moderation:remove', { participantId: 'remove-hand-waiting' });
    await moderator.client.call('moderation:remove', { participantId: 'remove-hand-speaking' });
    const { queue } = await moderator.client.call('queue:get', {});
    expect(queue.entries.map((entry) => entry.participantId)).not.toContain('remove-hand-waiting');
    expect(queue.current).toBeNull();
  });
});

describe('the speaker timer and the booths', () => {
  it('with the "mute" policy the speaker is muted on the server when time is up; booths can ask to slow down', async () => {
    const session = 'plenary-6';
    const moderator = await joinAs(a.url, 'Yusuf', { role: 'moderator' }, session);
    const token = await a.token('Khadija', { role: 'speaker' }, { sessionId: session, participantId: 'timer-khadija' });
    const speaker = new PeerProcess({ url: b.url, token, mode: 'send' });
    peers.push(speaker);
    const { producerId } = await speaker.waitFor((r): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced');
    expect(await speaker.request('queue:raiseHand', { language: 'ar' })).toMatchObject({ ok: true });
    const given = await moderator.client.call('floor:give', { participantId: 'timer-khadija', limitSeconds: 10, onTimeUp: 'mute' });
    expect(given.queue.current).toMatchObject({ participantId: 'timer-khadija', limitSeconds: 10, onTimeUp: 'mute', language: 'ar' });

    const interpreter = await joinAs(a.url, 'Amal', { role: 'interpreter', language: 'fr' }, session);
    const asked = moderator.client.next('floor:slowDownRequested');
    await interpreter.client.call('booth:slowDown', {});
    expect(await asked).toMatchObject({ language: 'fr', from: { name: 'Amal' } });
    expect(await interpreter.client.request('booth:slowDown', {})).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await moderator.client.request('booth:slowDown', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const paused = await moderator.client.next('producer:paused', (p) => p.producerId === producerId, 15_000);
    expect(paused.producerId).toBe(producerId);
    expect(Date.now()).toBeGreaterThanOrEqual(given.queue.current!.startedAt + 10_000 - 50);

    // The speaker cannot lift a time-up mute; more time from the moderator does.
    const resumed = moderator.client.next('producer:resumed', (p) => p.producerId === producerId, 5_000);
    expect(await speaker.request('media:resumeProducer', { producerId })).toMatchObject({ ok: true });
    const early = await Promise.race([resumed.then(() => 'resumed'), sleep(700).then(() => 'still muted')]);
    expect(early).toBe('still muted');
    await moderator.client.call('floor:setTimeLimit', { limitSeconds: 120 });
    await resumed;
    await moderator.client.call('floor:take', {});
  }, 30_000);
});
