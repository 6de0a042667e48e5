import { describe, expect, it } from 'vitest';
import type { InputQuality } from '@multaqa/shared';
import { initialSessionState, type SessionState } from '../../state/sessionState.ts';
import { describeFloorSound, floorSoundLines } from './floorSoundLines.ts';

const quality = (over: Partial<InputQuality> = {}): InputQuality => ({ status: 'good', problems: [], causes: [], lossPercent: 0, jitterMs: 3, levelDbov: -24.4, clipping: false, ...over });
const microphone = (id: string, participantId: string, paused = false) => ({ id, participantId, kind: 'audio', source: 'microphone', paused }) as const;
const holder = (participantId: string, name: string) => ({ participantId, name, startedAt: 0, limitSeconds: 300, onTimeUp: 'notify' }) as NonNullable<SessionState['queue']['current']>;

function stateWith(over: Partial<SessionState>): SessionState {
  return {
    ...initialSessionState,
    stage: [
      { id: 'khadija', name: 'Khadija', grant: { role: 'speaker' } },
      { id: 'omar', name: 'Omar', grant: { role: 'speaker' } },
    ],
    ...over,
  };
}

describe('what the booth and the chair read of the floor', () => {
  it('the floor holder first, in words; a muted microphone is not mentioned', () => {
    const state = stateWith({
      producers: [microphone('m1', 'khadija'), microphone('m2', 'omar'), microphone('m3', 'sara', true)],
      floorSound: {
        m1: { participantId: 'khadija', quality: quality() },
        m2: { participantId: 'omar', quality: quality({ status: 'poor', problems: ['packet loss 8%'], lossPercent: 8 }) },
        m3: { participantId: 'sara', quality: quality({ status: 'poor', problems: ['packet loss 30%'] }) },
      },
      queue: { entries: [], current: holder('omar', 'Omar'), version: 1 },
    });
    const lines = floorSoundLines(state);
    expect(lines.map(describeFloorSound)).toEqual(['Poor sound from Omar: packet loss 8%', 'Khadija: good, \u221224 dB, 0% loss']);
    expect(lines.map((line) => line.warns)).toEqual([true, false]);
  });

  it('silence warns only for whoever holds the floor: a panellist listening is not "no sound"', () => {
    const silent = quality({ status: 'silent', problems: ['no sound for 9 s'], levelDbov: null });
    const floorSound = { m1: { participantId: 'khadija', quality: silent } };
    const producers = [microphone('m1', 'khadija')];
    const listening = floorSoundLines(stateWith({ producers, floorSound }));
    expect(listening.map((line) => [describeFloorSound(line), line.warns])).toEqual([['Khadija: not speaking now', false]]);
    const speaking = floorSoundLines(stateWith({ producers, floorSound, queue: { entries: [], current: holder('khadija', 'Khadija'), version: 1 } }));
    expect(speaking.map((line) => [describeFloorSound(line), line.warns])).toEqual([['No sound from Khadija: is the microphone on?', true]]);
  });

  it('a level the server has not judged yet is "checking", not "good"', () => {
    const producers = [microphone('m1', 'khadija')];
    const line = (levelDbov: number) => describeFloorSound(floorSoundLines(stateWith({ producers, floorSound: { m1: { participantId: 'khadija', quality: quality({ levelDbov }) } } }))[0]!);
    expect(line(-54)).toBe('Khadija: checking, \u221254 dB, 0% loss');
    expect(line(-0.4)).toBe('Khadija: checking, 0 dB, 0% loss');
    expect(line(-33)).toBe('Khadija: good, \u221233 dB, 0% loss');
  });
});
