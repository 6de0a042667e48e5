import { describe, expect, it } from 'vitest';
import type { Booth, ProcessLoad, SessionInfo, SpeakerQueue } from '@multaqa/shared';
import { mergeOverview, type OverviewInput, type ProcessSessionSnapshot } from './overview.ts';

const session: SessionInfo = {
  id: 'plenary-1',
  conferenceId: 'demo',
  title: 'Opening',
  kind: 'plenary',
  day: 0,
  startsAt: '2026-12-05T09:00:00Z',
  endsAt: '2026-12-05T10:30:00Z',
  room: 'Main hall',
  floorLanguage: 'ar',
  interpretationLanguages: ['fr', 'es'],
  speakerTimeLimitSeconds: 300,
};

const load = (consumers: number): ProcessLoad => ({
  cpu: 0.1,
  rssBytes: 100,
  heapUsedBytes: 50,
  eventLoopLagMs: 1,
  sockets: 3,
  sessions: 1,
  peers: 3,
  consumers,
  capacity: 1_000,
  workers: [{ index: 0, pid: 42, alive: true, routers: 1, transports: 2, producers: 1, consumers, cpu: 0.05, maxRssBytes: 10 }],
});

const booth = (language: string, changes: Partial<Booth> = {}): Booth => ({
  language,
  interpreters: [],
  onAir: null,
  muted: false,
  handoverOfferedBy: null,
  version: 1,
  ...changes,
});

const french = booth('fr', {
  interpreters: [
    { id: 'amal', name: 'Amal', input: { kind: 'floor' } },
    { id: 'bruno', name: 'Bruno', input: { kind: 'floor' } },
  ],
  onAir: 'amal',
});
const spanish = booth('es', { interpreters: [{ id: 'lina', name: 'Lina', input: { kind: 'floor' } }] });
const queue: SpeakerQueue = { entries: [], current: null, version: 0 };

const processA: ProcessSessionSnapshot = {
  processId: 'a',
  load: load(4),
  session: {
    participants: 4,
    listeners: { floor: 2, channels: { fr: 1, es: 0 } },
    voices: [
      { participantId: 'amal', language: 'fr', paused: false, level: -12 },
      { participantId: 'bruno', language: 'fr', paused: true, level: null },
    ],
  },
};
const processB: ProcessSessionSnapshot = {
  processId: 'b',
  load: load(7),
  session: {
    participants: 3,
    // A channel the session does not have (a stale process) is left out.
    listeners: { floor: 1, channels: { fr: 0, es: 2, tr: 5 } },
    voices: [{ participantId: 'lina', language: 'es', paused: true, level: null }],
  },
};

const input = (changes: Partial<OverviewInput> = {}): OverviewInput => ({
  session,
  at: 1_000,
  selfId: 'a',
  booths: [french, spanish],
  queue,
  registry: [
    { id: 'a', url: 'http://a' },
    { id: 'b', url: 'http://b' },
  ],
  snapshots: [processA, processB],
  ...changes,
});

describe('mergeOverview', () => {
  it('adds up the processes’ people and listeners, channel by channel', () => {
    const overview = mergeOverview(input());
    expect(overview.participants).toBe(7);
    expect(overview.listeners).toEqual({ floor: 3, channels: { fr: 1, es: 2 } });
    expect(overview.processes.map((p) => [p.id, p.participants, p.listeners.channels.es, p.self, p.answered])).toEqual([
      ['a', 4, 0, true, true],
      ['b', 3, 2, false, true],
    ]);
  });

  it('takes the booths from Redis, in the session’s order, and each voice’s level from where it is published', () => {
    const overview = mergeOverview(input({ booths: [spanish, french] }));
    expect(overview.booths.map((b) => b.language)).toEqual(['fr', 'es']);
    const [fr, es] = overview.booths;
    expect(fr).toMatchObject({ live: true });
    expect(fr!.interpreters).toEqual([
      { id: 'amal', name: 'Amal', onAir: true, coughing: false, publishing: true, flowing: true, level: -12 },
      { id: 'bruno', name: 'Bruno', onAir: false, coughing: false, publishing: true, flowing: false, level: null },
    ]);
    expect(es).toMatchObject({ live: false, interpreters: [{ id: 'lina', onAir: false, publishing: true, flowing: false, level: null }] });
  });

  it('shows a cough: on air, but nothing flows and no level', () => {
    const overview = mergeOverview(input({ booths: [{ ...french, muted: true }, spanish] }));
    expect(overview.booths[0]).toMatchObject({ live: false, interpreters: [{ id: 'amal', onAir: true, coughing: true, flowing: false, level: null }, { id: 'bruno' }] });
  });

  it('an interpreter in the booth whose voice is on no process is not publishing', () => {
    const overview = mergeOverview(input({ snapshots: [processB] }));
    expect(overview.booths[0]!.interpreters[0]).toMatchObject({ id: 'amal', onAir: true, publishing: false, flowing: false, level: null });
  });

  it('lists a process that did not answer with its heartbeat’s load, and leaves its people out', () => {
    const overview = mergeOverview(input({ registry: [{ id: 'a', url: 'http://a' }, { id: 'b', url: 'http://b', load: load(9) }], snapshots: [processA] }));
    expect(overview.participants).toBe(4);
    expect(overview.processes[1]).toMatchObject({ id: 'b', answered: false, participants: 0, load: { consumers: 9 } });
  });

  it('a process with the session closed counts nothing but still shows its load', () => {
    const overview = mergeOverview(input({ snapshots: [processA, { processId: 'b', load: load(0), session: null }] }));
    expect(overview.listeners).toEqual({ floor: 2, channels: { fr: 1, es: 0 } });
    expect(overview.processes[1]).toMatchObject({ id: 'b', answered: true, participants: 0, load: { consumers: 0 } });
  });

  it('one person’s voice on two processes for a moment: the flowing one counts', () => {
    const stale: ProcessSessionSnapshot = { ...processB, session: { ...processB.session!, voices: [{ participantId: 'amal', language: 'fr', paused: true, level: null }] } };
    const overview = mergeOverview(input({ snapshots: [stale, processA] }));
    expect(overview.booths[0]!.interpreters[0]).toMatchObject({ id: 'amal', flowing: true, level: -12 });
  });

  it('gives the queue’s length and the current speaker', () => {
    const current = { participantId: 'khadija', name: 'Khadija', kind: 'normal' as const, startedAt: 500, limitSeconds: 300, onTimeUp: 'notify' as const };
    const withHands: SpeakerQueue = {
      entries: [
        { participantId: 'p1', name: 'One', kind: 'normal', raisedAt: 1 },
        { participantId: 'p2', name: 'Two', kind: 'pointOfOrder', raisedAt: 2 },
      ],
      current,
      version: 3,
    };
    expect(mergeOverview(input({ queue: withHands })).queue).toEqual({ length: 2, current });
  });
});
