import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FloorHolder } from '@multaqa/shared';
import { SpeakerTimeUp } from './speakerTimeUp.ts';

const holder = (participantId: string, overrides: Partial<FloorHolder> = {}): FloorHolder => ({
  participantId,
  name: participantId,
  kind: 'normal',
  startedAt: Date.now(),
  limitSeconds: 60,
  onTimeUp: 'mute',
  ...overrides,
});

describe('SpeakerTimeUp', () => {
  let muted: string[];
  let timeUp: SpeakerTimeUp;
  beforeEach(() => {
    vi.useFakeTimers();
    muted = [];
    timeUp = new SpeakerTimeUp((participantId) => muted.push(participantId));
  });
  afterEach(() => {
    timeUp.stop();
    vi.useRealTimers();
  });

  it('mutes the speaker when the turn is over, not before', () => {
    timeUp.schedule(holder('amina'));
    vi.advanceTimersByTime(59_999);
    expect(muted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(muted).toEqual(['amina']);
  });

  it('counts from when the turn started, so a late schedule (another process gave the floor) mutes on time', () => {
    timeUp.schedule(holder('amina', { startedAt: Date.now() - 50_000 }));
    vi.advanceTimersByTime(10_000);
    expect(muted).toEqual(['amina']);
  });

  it('only mutes with the "mute" policy', () => {
    timeUp.schedule(holder('amina', { onTimeUp: 'notify' }));
    vi.advanceTimersByTime(120_000);
    expect(muted).toEqual([]);
  });

  it('forgets the previous speaker when the floor changes hands or is taken', () => {
    timeUp.schedule(holder('amina'));
    vi.advanceTimersByTime(30_000);
    timeUp.schedule(holder('bilal'));
    vi.advanceTimersByTime(30_000);
    expect(muted).toEqual([]);
    timeUp.schedule(null);
    vi.advanceTimersByTime(120_000);
    expect(muted).toEqual([]);
  });

  it('does nothing once stopped', () => {
    timeUp.schedule(holder('amina'));
    timeUp.stop();
    timeUp.schedule(holder('bilal'));
    vi.advanceTimersByTime(120_000);
    expect(muted).toEqual([]);
  });
});
