import { formatDecibels, FULL_SCALE_DBOV, NOT_HEARD_DBOV, TOO_QUIET_DBOV, type InputQuality } from '@multaqa/shared';
import type { SessionState } from '../../state/sessionState.ts';

export type FloorSoundLine = { producerId: string; name: string; quality: InputQuality; warns: boolean };

/**
 * The floor microphones worth a word: published and not muted, the one holding the floor first,
 * then the loudest speaker. A microphone muted on purpose is not "no sound", and neither is a
 * panellist listening to someone else: silence warns only for the person holding the floor.
 */
export function floorSoundLines(state: SessionState): FloorSoundLine[] {
  const live = new Set(state.producers.filter((p) => !p.paused).map((p) => p.id));
  const nameOf = (participantId: string) =>
    state.stage.find((p) => p.id === participantId)?.name ??
    (state.queue.current?.participantId === participantId ? state.queue.current.name : undefined) ??
    'the speaker';
  const rank = (participantId: string) =>
    participantId === state.queue.current?.participantId ? 0 : participantId === state.activeSpeakerId ? 1 : 2;
  return Object.entries(state.floorSound)
    .filter(([producerId]) => live.has(producerId))
    .map(([producerId, { participantId, quality }]) => ({ producerId, participantId, name: nameOf(participantId), quality }))
    .sort((a, b) => rank(a.participantId) - rank(b.participantId))
    .map(({ producerId, participantId, name, quality }) => ({
      producerId,
      name,
      quality,
      warns: quality.status === 'poor' || (quality.status === 'silent' && participantId === state.queue.current?.participantId),
    }));
}

/** "Poor sound from Khadija: packet loss 8%", "No sound from Khadija: is the microphone on?", or a short summary. */
export function describeFloorSound({ name, quality, warns }: FloorSoundLine): string {
  if (quality.status === 'poor') return `Poor sound from ${name}: ${quality.problems.join(', ')}`;
  if (quality.status === 'silent') return warns ? `No sound from ${name}: is the microphone on?` : `${name}: not speaking now`;
  if (quality.levelDbov === null || quality.levelDbov <= NOT_HEARD_DBOV) return `${name}: not speaking now`;
  // A level the server has not judged yet (its windows take a few seconds) is not called good.
  const verdict = quality.levelDbov <= TOO_QUIET_DBOV || quality.levelDbov >= FULL_SCALE_DBOV ? 'checking' : 'good';
  return `${name}: ${verdict}, ${formatDecibels(quality.levelDbov)}, ${Math.round(quality.lossPercent)}% loss`;
}
