import { describe, expect, it } from 'vitest';
import type { Booth, SpeakerQueue } from '@multaqa/shared';
import { applyBoothCommand, emptyBooth, type BoothCommand } from '../interpretation/booth.ts';
import { applyQueueCommand, emptyQueue, type QueueCommand } from '../moderation/speakerQueue.ts';
import { RecordingLog } from './recordingLog.ts';

const T0 = Date.parse('2025-05-01T09:00:00.000Z');
const moderator = { id: 'mod', name: 'Mona' };
const amal = { id: 'amal', name: 'Amal' };
const bruno = { id: 'bruno', name: 'Bruno' };

function booth(...commands: BoothCommand[]): Booth {
  return commands.reduce(applyBoothCommand, emptyBooth('fr'));
}

describe('RecordingLog', () => {
  it('starts with how things stood', () => {
    const onAir = booth({ type: 'join', interpreter: amal }, { type: 'goOnAir', by: 'amal' }, { type: 'setMuted', by: 'amal', muted: true });
    let queue = applyQueueCommand(emptyQueue(), { type: 'raiseHand', by: { id: 'sara', name: 'Sara' }, kind: 'normal', now: T0 });
    queue = applyQueueCommand(queue, { type: 'nextSpeaker', now: T0, limitSeconds: 120 });
    const log = new RecordingLog(T0, { by: moderator, queue, booths: [onAir, emptyBooth('es')], activeSpeaker: { id: 'sara', name: 'Sara' } });
    expect(log.entries).toEqual([
      {
        offsetMs: 0,
        at: '2025-05-01T09:00:00.000Z',
        type: 'recording.started',
        by: moderator,
        floor: { id: 'sara', name: 'Sara' },
        activeSpeaker: { id: 'sara', name: 'Sara' },
        booths: [
          { language: 'fr', onAir: amal, coughing: true },
          { language: 'es', onAir: null, coughing: false },
        ],
      },
    ]);
  });

  it('tells floor changes: given, passed on, time limit, taken; stale and repeated queue versions are ignored', () => {
    let queue: SpeakerQueue = emptyQueue();
    const log = new RecordingLog(T0, { by: moderator, queue, booths: [], activeSpeaker: null });
    const apply = (command: QueueCommand, at: number) => {
      queue = applyQueueCommand(queue, command);
      log.floorChanged(queue, T0 + at);
      return queue;
    };
    apply({ type: 'raiseHand', by: { id: 'sara', name: 'Sara' }, kind: 'normal', now: T0 }, 100);
    apply({ type: 'raiseHand', by: { id: 'omar', name: 'Omar' }, kind: 'normal', now: T0 }, 200);
    const given = apply({ type: 'nextSpeaker', now: T0 + 1_000, limitSeconds: 120 }, 1_000);
    apply({ type: 'setTimeLimit', limitSeconds: 180 }, 1_500);
    apply({ type: 'nextSpeaker', now: T0 + 2_000, limitSeconds: 120 }, 2_000);
    log.floorChanged(given, T0 + 2_100); // an old version arriving late
    apply({ type: 'takeFloor' }, 3_000);
    log.floorChanged(queue, T0 + 3_100);
    expect(log.entries.slice(1).map(({ offsetMs, type, ...rest }) => ({ offsetMs, type, ...rest }))).toEqual([
      { offsetMs: 1_000, at: '2025-05-01T09:00:01.000Z', type: 'floor.given', to: { id: 'sara', name: 'Sara' } },
      { offsetMs: 1_500, at: '2025-05-01T09:00:01.500Z', type: 'floor.timeLimitChanged', holder: { id: 'sara', name: 'Sara' }, limitSeconds: 180 },
      { offsetMs: 2_000, at: '2025-05-01T09:00:02.000Z', type: 'floor.passed', from: { id: 'sara', name: 'Sara' }, to: { id: 'omar', name: 'Omar' } },
      { offsetMs: 3_000, at: '2025-05-01T09:00:03.000Z', type: 'floor.taken', from: { id: 'omar', name: 'Omar' } },
    ]);
  });

  it('tells a booth going on air, coughing, handing over (offered or taken), and off air, with names of those who left', () => {
    let current = booth({ type: 'join', interpreter: amal }, { type: 'join', interpreter: bruno });
    const log = new RecordingLog(T0, { by: moderator, queue: emptyQueue(), booths: [current], activeSpeaker: null });
    const apply = (command: BoothCommand, at: number) => {
      current = applyBoothCommand(current, command);
      log.boothChanged(current, T0 + at);
    };
    apply({ type: 'goOnAir', by: 'amal' }, 100);
    apply({ type: 'setMuted', by: 'amal', muted: true }, 200);
    apply({ type: 'setMuted', by: 'amal', muted: false }, 300);
    apply({ type: 'offerHandover', by: 'amal' }, 400);
    apply({ type: 'takeOver', by: 'bruno' }, 500);
    apply({ type: 'takeOver', by: 'amal', force: true }, 600);
    apply({ type: 'offerHandover', by: 'amal' }, 700);
    apply({ type: 'cancelHandover', by: 'amal' }, 800);
    apply({ type: 'setInput', by: 'bruno', input: { kind: 'booth', language: 'es' } }, 850); // not in the log
    apply({ type: 'leave', by: 'amal' }, 900);
    log.boothChanged(current, T0 + 950); // the same version again (from another process)
    expect(log.entries.slice(1).map(({ offsetMs, type, ...rest }) => [offsetMs, type, JSON.stringify(rest).replace(/"at":"[^"]*",?/, '')])).toEqual([
      [100, 'booth.onAir', '{"language":"fr","interpreter":{"id":"amal","name":"Amal"}}'],
      [200, 'booth.coughStarted', '{"language":"fr","interpreter":{"id":"amal","name":"Amal"}}'],
      [300, 'booth.coughEnded', '{"language":"fr","interpreter":{"id":"amal","name":"Amal"}}'],
      [400, 'booth.handoverOffered', '{"language":"fr","by":{"id":"amal","name":"Amal"}}'],
      [500, 'booth.handover', '{"language":"fr","from":{"id":"amal","name":"Amal"},"to":{"id":"bruno","name":"Bruno"},"offered":true}'],
      [600, 'booth.handover', '{"language":"fr","from":{"id":"bruno","name":"Bruno"},"to":{"id":"amal","name":"Amal"},"offered":false}'],
      [700, 'booth.handoverOffered', '{"language":"fr","by":{"id":"amal","name":"Amal"}}'],
      [800, 'booth.handoverCancelled', '{"language":"fr","by":{"id":"amal","name":"Amal"}}'],
      [900, 'booth.offAir', '{"language":"fr","interpreter":{"id":"amal","name":"Amal"}}'],
    ]);
  });

  it('tells active speaker changes once each, tracks, and the stop; nothing after the stop', () => {
    const log = new RecordingLog(T0, { by: moderator, queue: emptyQueue(), booths: [], activeSpeaker: null });
    log.activeSpeakerChanged({ id: 'sara', name: 'Sara' }, T0 + 100);
    log.activeSpeakerChanged({ id: 'sara', name: 'Sara' }, T0 + 200);
    log.activeSpeakerChanged(null, T0 + 250);
    log.activeSpeakerChanged({ id: 'omar', name: 'Omar' }, T0 + 300);
    log.trackStarted({ file: 'mic-omar.ogg', kind: 'audio', source: 'microphone', codec: 'opus', participant: { id: 'omar', name: 'Omar' } }, T0 + 310);
    log.trackContinued('mic-omar.ogg', { id: 'omar', name: 'Omar' }, T0 + 350);
    log.trackEnded('mic-omar.ogg', T0 + 400);
    log.stop('stopped', T0 + 500, moderator);
    log.activeSpeakerChanged({ id: 'sara', name: 'Sara' }, T0 + 600);
    log.stop('sessionClosed', T0 + 700);
    expect(log.entries.slice(1).map((entry) => `${entry.offsetMs} ${entry.type}`)).toEqual([
      '100 speaker.active',
      '300 speaker.active',
      '310 track.started',
      '350 track.continued',
      '400 track.ended',
      '500 recording.stopped',
    ]);
    expect(log.toJSON()).toMatchObject({ startedAt: '2025-05-01T09:00:00.000Z', stoppedAt: '2025-05-01T09:00:00.500Z' });
    expect(log.entries.at(-1)).toMatchObject({ reason: 'stopped', by: moderator });
  });

  it('keeps offsets in order when changes arrive out of clock order', () => {
    const log = new RecordingLog(T0, { by: moderator, queue: emptyQueue(), booths: [], activeSpeaker: null });
    log.activeSpeakerChanged({ id: 'a', name: 'A' }, T0 + 300);
    log.activeSpeakerChanged({ id: 'b', name: 'B' }, T0 + 250);
    expect(log.entries.map((entry) => entry.offsetMs)).toEqual([0, 300, 300]);
  });
});
