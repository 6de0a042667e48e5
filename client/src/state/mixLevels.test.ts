import { describe, expect, it } from 'vitest';
import type { Booth } from '@multaqa/shared';
import { mixLevels, playedVolume, trackVolume, volumeOf } from './mixLevels.ts';
import { initialSessionState } from './sessionState.ts';

const booth = (language: string, onAir: string | null, muted = false): Booth => ({
  language,
  interpreters: [],
  onAir,
  muted,
  handoverOfferedBy: null,
  version: 1,
});

describe('mixLevels', () => {
  const booths = [booth('fr', 'amal'), booth('es', null), booth('tr', 'ali', true)];

  it('the floor alone, at full level, when no channel is chosen', () => {
    expect(mixLevels({ language: null, booths, floorLevel: 0.2, relay: false })).toEqual({ floor: 1, channel: 0 });
  });

  it('a live channel with the floor underneath at the chosen level', () => {
    expect(mixLevels({ language: 'fr', booths, floorLevel: 0.18, relay: false })).toEqual({ floor: 0.18, channel: 1 });
    expect(mixLevels({ language: 'fr', booths, floorLevel: 0, relay: false })).toEqual({ floor: 0, channel: 1 });
  });

  it('an idle channel falls back to the floor at full level', () => {
    expect(mixLevels({ language: 'es', booths, floorLevel: 0.18, relay: false })).toEqual({ floor: 1, channel: 0 });
  });

  it('a cough is a moment of silence in a live channel: the floor stays where the listener put it', () => {
    expect(mixLevels({ language: 'tr', booths, floorLevel: 0.18, relay: false })).toEqual({ floor: 0.18, channel: 1 });
  });

  it('a channel whose interpreter on air lost their connection falls back to the floor at full level until they are back', () => {
    const away: Booth = { ...booth('fr', 'amal'), interpreters: [{ id: 'amal', name: 'Amal', input: { kind: 'floor' }, away: true }, { id: 'ines', name: 'Ines', input: { kind: 'floor' } }] };
    expect(mixLevels({ language: 'fr', booths: [away], floorLevel: 0.18, relay: false })).toEqual({ floor: 1, channel: 0 });
    // A partner who is away does not make the channel idle.
    const partnerAway: Booth = { ...away, onAir: 'ines' };
    expect(mixLevels({ language: 'fr', booths: [partnerAway], floorLevel: 0.18, relay: false })).toEqual({ floor: 0.18, channel: 1 });
    const back: Booth = { ...away, interpreters: [{ id: 'amal', name: 'Amal', input: { kind: 'floor' } }] };
    expect(mixLevels({ language: 'fr', booths: [back], floorLevel: 0.18, relay: false })).toEqual({ floor: 0.18, channel: 1 });
  });

  it('an interpreter on relay hears only the relayed booth', () => {
    expect(mixLevels({ language: 'es', booths, floorLevel: 0.18, relay: true })).toEqual({ floor: 0, channel: 1 });
  });
});

describe('trackVolume', () => {
  const levels = { floor: 0.18, channel: 1 };
  const voice = { language: 'fr', participantId: 'amal' };

  it('plays the floor at its level, scaled by the overall volume', () => {
    expect(trackVolume({ bus: 'floor' }, levels, voice, 1)).toBeCloseTo(0.18);
    expect(trackVolume({ bus: 'floor' }, levels, voice, 0.5)).toBeCloseTo(0.09);
  });

  it('plays only the on-air voice of the chosen channel', () => {
    expect(trackVolume({ bus: 'channel', language: 'fr', participantId: 'amal' }, levels, voice, 1)).toBe(1);
    expect(trackVolume({ bus: 'channel', language: 'fr', participantId: 'bruno' }, levels, voice, 1)).toBe(0);
    expect(trackVolume({ bus: 'channel', language: 'es', participantId: 'lina' }, levels, voice, 1)).toBe(0);
    expect(trackVolume({ bus: 'channel', language: 'fr', participantId: 'amal' }, levels, null, 1)).toBe(0);
  });

  it('never leaves 0–1', () => {
    expect(trackVolume({ bus: 'floor' }, { floor: 3, channel: 1 }, null, 2)).toBe(1);
    expect(trackVolume({ bus: 'floor' }, { floor: -1, channel: 1 }, null, 1)).toBe(0);
  });
});

describe('volumeOf', () => {
  it('a speaker whose producer the server paused is silent at once, and back when resumed', () => {
    const producer = { id: 'mic', participantId: 'khadija', kind: 'audio', source: 'microphone', paused: false } as const;
    const remote = { consumerId: 'c', producerId: 'mic', participantId: 'khadija', source: 'microphone', track: {} as MediaStreamTrack } as const;
    const state = { ...initialSessionState, volume: 1, producers: [producer], remote: [remote] };
    expect(volumeOf(remote, state)).toBe(1);
    expect(volumeOf(remote, { ...state, producers: [{ ...producer, paused: true }] })).toBe(0);
  });
});

describe('playedVolume', () => {
  it("is the person's mix times the voice's loudness normalisation; the mix itself stays as they set it", () => {
    const producer = { id: 'mic', participantId: 'khadija', kind: 'audio', source: 'microphone', paused: false } as const;
    const remote = { consumerId: 'c', producerId: 'mic', participantId: 'khadija', source: 'microphone', track: {} as MediaStreamTrack } as const;
    const state = { ...initialSessionState, volume: 0.5, producers: [producer], remote: [remote], playbackGain: { c: 0.25 } };
    expect(volumeOf(remote, state)).toBe(0.5);
    expect(playedVolume(remote, state)).toBe(0.125);
    expect(playedVolume(remote, { ...state, playbackGain: {} })).toBe(0.5);
  });
});
