import { describe, expect, it } from 'vitest';
import type { Booth, Participant } from '@multaqa/shared';
import { initialSessionState, type SessionState } from './sessionState.ts';
import { sessionUpdates } from './sessionUpdates.ts';

const person = (id: string, grant: Participant['grant'] = { role: 'speaker' }): Participant => ({ id, name: id, grant });
const booth = (language: string, version: number, onAir: string | null = null): Booth => ({
  language,
  interpreters: [],
  onAir,
  muted: false,
  handoverOfferedBy: null,
  version,
});
const slowDown = { language: 'fr', from: { id: 'amal', name: 'Amal' }, at: new Date(0).toISOString() };

describe('session updates', () => {
  it('a stage member joining twice is listed once; leaving clears them as active speaker', () => {
    let s: SessionState = initialSessionState;
    s = sessionUpdates.participantJoined(s, person('khadija'));
    s = sessionUpdates.participantJoined(s, person('khadija'));
    s = sessionUpdates.participantJoined(s, person('omar'));
    expect(s.stage.map((p) => p.id)).toEqual(['khadija', 'omar']);
    s = { ...s, activeSpeakerId: 'khadija' };
    s = sessionUpdates.participantLeft(s, 'omar');
    expect(s.activeSpeakerId).toBe('khadija');
    s = sessionUpdates.participantLeft(s, 'khadija');
    expect(s.stage).toEqual([]);
    expect(s.activeSpeakerId).toBeNull();
  });

  it('a booth change older than what is shown is ignored', () => {
    let s: SessionState = { ...initialSessionState, booths: [booth('fr', 1), booth('es', 1)] };
    s = sessionUpdates.boothChanged(s, booth('fr', 3, 'amal'));
    s = sessionUpdates.boothChanged(s, booth('fr', 2, 'bruno'));
    expect(s.booths.find((b) => b.language === 'fr')?.onAir).toBe('amal');
    expect(s.booths.find((b) => b.language === 'es')?.version).toBe(1);
  });

  it('marks one producer paused or resumed', () => {
    const producer = { id: 'p1', participantId: 'khadija', kind: 'audio', source: 'microphone', paused: false } as const;
    let s: SessionState = { ...initialSessionState, producers: [producer, { ...producer, id: 'p2' }] };
    s = sessionUpdates.producerPaused(s, 'p1', true);
    expect(s.producers.map((p) => p.paused)).toEqual([true, false]);
    expect(sessionUpdates.producerPaused(s, 'p1', false).producers[0]?.paused).toBe(false);
  });

  it('routing pauses of my own producer are shown as flow, never as a mute of my track', () => {
    const track = { kind: 'audio' } as MediaStreamTrack;
    let s: SessionState = { ...initialSessionState, local: { interpretation: { track, on: true, producerId: 'mine' } } };
    s = sessionUpdates.producerPaused(s, 'mine', true);
    expect(s.local.interpretation).toEqual({ track, on: true, producerId: 'mine', flowing: false });
    expect(s.notice).toBeUndefined();
    s = sessionUpdates.producerPaused(s, 'mine', false);
    expect(s.local.interpretation).toMatchObject({ on: true, flowing: true });
  });

  it("a moderator's mute turns my microphone off until I unmute; a time-up mute ends by itself", () => {
    const track = { kind: 'audio' } as MediaStreamTrack;
    const mine = (mutedBy: ('moderator' | 'timeUp')[]) => ({ producerId: 'mic', source: 'microphone' as const, mutedBy });
    let s: SessionState = { ...initialSessionState, local: { microphone: { track, on: true, producerId: 'mic' } } };

    s = sessionUpdates.serverMuteChanged(s, mine(['timeUp']));
    expect(s.local.microphone).toMatchObject({ on: true, mutedBy: ['timeUp'] });
    expect(s.notice).toMatch(/time is up/);
    s = sessionUpdates.serverMuteChanged(s, mine([]));
    expect(s.local.microphone).toMatchObject({ on: true, mutedBy: [] });
    expect(s.notice).toMatch(/more time/);

    s = sessionUpdates.serverMuteChanged(s, mine(['moderator']));
    expect(s.local.microphone).toMatchObject({ on: false, mutedBy: ['moderator'] });
    expect(s.notice).toMatch(/moderator muted/);

    // Over time when the floor passed on: still muted, theirs to unmute, and told so.
    const overTime: SessionState = { ...s, local: { microphone: { track, on: true, producerId: 'mic', mutedBy: ['timeUp'] } } };
    const passedOn = sessionUpdates.serverMuteChanged(overTime, mine(['moderator']));
    expect(passedOn.local.microphone).toMatchObject({ on: false, mutedBy: ['moderator'] });
    expect(passedOn.notice).toMatch(/^Your turn is over/);
    // Unmuting herself ends the notice about it.
    const unmuted = sessionUpdates.ownPublishing(passedOn, 'microphone', true);
    expect(unmuted.local.microphone?.on).toBe(true);
    expect(unmuted.notice).toBeUndefined();
  });

  it('more time for a speaker who had muted herself does not claim her microphone is on', () => {
    const track = { kind: 'audio' } as MediaStreamTrack;
    const s: SessionState = { ...initialSessionState, local: { microphone: { track, on: false, producerId: 'mic', mutedBy: ['timeUp'] } } };
    const more = sessionUpdates.serverMuteChanged(s, { producerId: 'mic', source: 'microphone', mutedBy: [] });
    expect(more.notice).toBe('You have more time. Unmute your microphone when you want to speak.');
    // A moderator's mute during time-up does not offer an unmute that is not there.
    const both = sessionUpdates.serverMuteChanged(s, { producerId: 'mic', source: 'microphone', mutedBy: ['moderator', 'timeUp'] });
    expect(both.notice).toMatch(/time is up/);
    // Someone else's producer changes nothing of mine.
    expect(sessionUpdates.serverMuteChanged(s, { producerId: 'other', source: 'microphone', mutedBy: [] })).toBe(s);
  });

  it('an interpreter whose channel the partner took without a handover is told who has it', () => {
    const amal = person('amal', { role: 'interpreter', language: 'fr' });
    const pair = (version: number, onAir: string, offeredBy: string | null = null): Booth => ({
      ...booth('fr', version, onAir),
      interpreters: [
        { id: 'amal', name: 'Amal', input: { kind: 'floor' } },
        { id: 'bruno', name: 'Bruno', input: { kind: 'floor' } },
      ],
      handoverOfferedBy: offeredBy,
    });
    const onAir: SessionState = { ...initialSessionState, self: amal, booths: [pair(1, 'amal')] };
    expect(sessionUpdates.boothChanged(onAir, pair(2, 'bruno')).notice).toBe('Bruno took over the French channel.');
    const offered = { ...onAir, booths: [pair(1, 'amal', 'amal')] };
    expect(sessionUpdates.boothChanged(offered, pair(2, 'bruno')).notice).toBeUndefined();
    // The notice goes when she is back on air.
    const taken = sessionUpdates.boothChanged(onAir, pair(2, 'bruno'));
    expect(sessionUpdates.boothChanged(taken, pair(3, 'amal')).notice).toBeUndefined();
  });

  it('"slow down" reaches the stage and whoever has the floor, not the audience', () => {
    const as = (self: Participant, current: string | null = null): SessionState => ({
      ...initialSessionState,
      self,
      queue: {
        entries: [],
        version: 1,
        current: current === null ? null : { participantId: current, name: current, kind: 'normal', startedAt: 0, limitSeconds: 60, onTimeUp: 'notify' },
      },
    });
    expect(sessionUpdates.slowDownRequested(as(person('mod', { role: 'moderator' })), slowDown).slowDown).toMatch(/French booth \(Amal\)/);
    expect(sessionUpdates.slowDownRequested(as(person('khadija')), slowDown).slowDown).toBeDefined();
    expect(sessionUpdates.slowDownRequested(as(person('sara', { role: 'attendee' }), 'sara'), slowDown).slowDown).toBeDefined();
    expect(sessionUpdates.slowDownRequested(as(person('sara', { role: 'attendee' }), 'omar'), slowDown).slowDown).toBeUndefined();
    expect(sessionUpdates.slowDownRequested(initialSessionState, slowDown).slowDown).toBeUndefined();
  });

  it('a person muted by a moderator is told who, and whether everyone was muted', () => {
    const track = { kind: 'audio' } as MediaStreamTrack;
    const s: SessionState = {
      ...initialSessionState,
      stage: [person('yusuf', { role: 'moderator' })],
      local: { microphone: { track, on: true, producerId: 'mic' } },
    };
    const muted = (everyone: boolean) =>
      sessionUpdates.serverMuteChanged(s, { producerId: 'mic', source: 'microphone', mutedBy: ['moderator'], moderator: { id: 'yusuf', name: 'Yusuf', everyone } });
    expect(muted(false).notice).toBe('Moderator Yusuf muted your microphone. Unmute it when you want to speak.');
    expect(muted(true).notice).toBe("Moderator Yusuf muted everyone's microphone. Unmute yours when you want to speak.");
  });

  it('a queue change tells the person whose hand went, and a new turn ends the old request to slow down', () => {
    const sara = person('sara', { role: 'attendee' });
    const yusuf = { id: 'yusuf', name: 'Yusuf' };
    const holder = (id: string) => ({ participantId: id, name: id, kind: 'normal' as const, startedAt: 1, limitSeconds: 60, onTimeUp: 'notify' as const });
    let s: SessionState = {
      ...initialSessionState,
      self: sara,
      queue: { entries: [{ participantId: 'sara', name: 'Sara', kind: 'normal', raisedAt: 1 }], current: holder('omar'), version: 3 },
      slowDown: 'The French booth (Amal) asks the speaker to slow down.',
    };
    s = sessionUpdates.queueChanged(s, { entries: [], current: holder('omar'), version: 4, lastChange: { type: 'remove', by: yusuf } });
    expect(s.handNotice).toBe('Moderator Yusuf lowered your hand.');
    expect(s.slowDown).toBeDefined();
    // An older version changes nothing.
    expect(sessionUpdates.queueChanged(s, { entries: [], current: null, version: 4 })).toBe(s);
    s = sessionUpdates.queueChanged(s, { entries: [], current: holder('khadija'), version: 5, lastChange: { type: 'nextSpeaker', by: yusuf } });
    expect(s.slowDown).toBeUndefined();
    expect(s.handNotice).toBe('Moderator Yusuf lowered your hand.');
    s = sessionUpdates.queueChanged(s, { entries: [{ participantId: 'sara', name: 'Sara', kind: 'normal', raisedAt: 9 }], current: holder('khadija'), version: 6, lastChange: { type: 'raiseHand', by: { id: 'sara', name: 'Sara' } } });
    expect(s.handNotice).toBeUndefined();
  });

  it('"you have more time" goes when the turn it was about ends; another notice stays', () => {
    const khadija = person('khadija');
    const holder = (id: string, startedAt = 1) => ({ participantId: id, name: id, kind: 'normal' as const, startedAt, limitSeconds: 60, onTimeUp: 'mute' as const });
    const during: SessionState = {
      ...initialSessionState,
      self: khadija,
      queue: { entries: [], current: holder('khadija'), version: 3 },
      notice: 'You have more time: your microphone is on again.',
      noticeTopic: 'microphone',
    };
    expect(sessionUpdates.queueChanged(during, { entries: [], current: { ...holder('khadija'), limitSeconds: 120 }, version: 4 }).notice).toBe(during.notice);
    const ended = sessionUpdates.queueChanged(during, { entries: [], current: null, version: 4 });
    expect(ended.notice).toBeUndefined();
    const connection = { ...during, notice: 'Connection lost. Reconnecting…', noticeTopic: undefined };
    expect(sessionUpdates.queueChanged(connection, { entries: [], current: null, version: 4 }).notice).toBe('Connection lost. Reconnecting…');
  });

  it('booth chat keeps the latest 200 messages', () => {
    let s: SessionState = initialSessionState;
    for (let i = 0; i < 205; i++) {
      s = sessionUpdates.boothChat(s, { language: 'fr', from: { id: 'amal', name: 'Amal' }, text: `m${i}`, sentAt: slowDown.at });
    }
    expect(s.boothChat).toHaveLength(200);
    expect(s.boothChat[0]?.text).toBe('m5');
    expect(s.boothChat.at(-1)?.text).toBe('m204');
  });
});
