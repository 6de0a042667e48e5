import { describe, expect, it } from 'vitest';
import type { ProducerInfo } from '@multaqa/shared';
import { initialSessionState, type SessionState } from './sessionState.ts';
import { mutedMarker } from './mutedMarker.ts';

const track = { kind: 'audio' } as MediaStreamTrack;
const microphone = (participantId: string, paused: boolean): ProducerInfo => ({ id: `${participantId}-mic`, participantId, kind: 'audio', source: 'microphone', paused });

describe('the muted marker', () => {
  it('marks others whose microphone the server paused, whatever the cause', () => {
    const s: SessionState = { ...initialSessionState, producers: [microphone('khadija', true), microphone('omar', false), { ...microphone('amal', true), source: 'interpretation' }] };
    expect(mutedMarker(s, 'khadija', false)).toBe('Muted');
    expect(mutedMarker(s, 'omar', false)).toBeUndefined();
    // An interpreter off air is routing, not a mute; someone without a microphone is not muted either.
    expect(mutedMarker(s, 'amal', false)).toBeUndefined();
    expect(mutedMarker(s, 'nobody', false)).toBeUndefined();
  });

  it('says on one’s own tile why the microphone is off', () => {
    const own = (on: boolean, mutedBy: ('moderator' | 'timeUp')[] = []): SessionState => ({ ...initialSessionState, local: { microphone: { track, on, mutedBy } } });
    expect(mutedMarker(own(true), 'me', true)).toBeUndefined();
    expect(mutedMarker(own(false), 'me', true)).toBe('Muted');
    expect(mutedMarker(own(false, ['moderator']), 'me', true)).toBe('Muted by a moderator');
    expect(mutedMarker(own(true, ['timeUp']), 'me', true)).toBe('Muted: time is up');
    expect(mutedMarker(initialSessionState, 'me', true)).toBeUndefined();
  });
});
