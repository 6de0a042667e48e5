import type { FloorHolder } from '@multaqa/shared';

/**
 * What becomes of a microphone muted because its owner's speaking time ran out, once the floor
 * changes: `lift` when the moderator gave them more time (or no longer mutes at time-up), `keep`
 * while their time is still up, and `moderatorMute` when the floor went to someone else — they
 * stay muted, but as after any moderator's mute they may unmute themselves.
 */
export type TimeUpMuteOutcome = 'keep' | 'lift' | 'moderatorMute';

export function timeUpMuteAfter(current: FloorHolder | null, participantId: string, now: number): TimeUpMuteOutcome {
  if (current?.participantId !== participantId) return 'moderatorMute';
  const timeLeft = current.startedAt + current.limitSeconds * 1000 - now;
  return current.onTimeUp !== 'mute' || timeLeft > 0 ? 'lift' : 'keep';
}
