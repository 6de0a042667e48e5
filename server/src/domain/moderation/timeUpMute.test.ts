import { describe, expect, it } from 'vitest';
import type { FloorHolder } from '@multaqa/shared';
import { timeUpMuteAfter } from './timeUpMute.ts';

const STARTED = 1_000_000;
const turn = (overrides: Partial<FloorHolder> = {}): FloorHolder => ({
  participantId: 'amina',
  name: 'Amina',
  kind: 'normal',
  startedAt: STARTED,
  limitSeconds: 60,
  onTimeUp: 'mute',
  ...overrides,
});

describe('a time-up mute after the floor changes', () => {
  it('stays while the same turn is still over time', () => {
    expect(timeUpMuteAfter(turn(), 'amina', STARTED + 60_000)).toBe('keep');
    expect(timeUpMuteAfter(turn(), 'amina', STARTED + 90_000)).toBe('keep');
  });

  it('is lifted when the moderator gives more time', () => {
    expect(timeUpMuteAfter(turn({ limitSeconds: 120 }), 'amina', STARTED + 61_000)).toBe('lift');
  });

  it('is lifted when the moderator switches the turn to "notify only"', () => {
    expect(timeUpMuteAfter(turn({ onTimeUp: 'notify' }), 'amina', STARTED + 90_000)).toBe('lift');
  });

  it('is lifted when the same person is given the floor anew', () => {
    expect(timeUpMuteAfter(turn({ startedAt: STARTED + 100_000 }), 'amina', STARTED + 100_500)).toBe('lift');
  });

  it('becomes an ordinary moderator mute when the floor passes to someone else or is taken', () => {
    expect(timeUpMuteAfter(turn({ participantId: 'bilal' }), 'amina', STARTED + 61_000)).toBe('moderatorMute');
    expect(timeUpMuteAfter(null, 'amina', STARTED + 61_000)).toBe('moderatorMute');
  });
});
