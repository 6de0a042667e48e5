import type { SessionState } from './sessionState.ts';

/**
 * A muted microphone, as its tile says it: for others, "Muted" whatever the cause (their own
 * button, a moderator, time up: the server does not say why to everyone); for one's own tile, why.
 */
export function mutedMarker(state: SessionState, participantId: string, local: boolean): string | undefined {
  if (local) {
    const microphone = state.local.microphone;
    if (!microphone) return undefined;
    const mutedBy = microphone.mutedBy ?? [];
    if (mutedBy.includes('timeUp')) return 'Muted: time is up';
    if (mutedBy.includes('moderator')) return 'Muted by a moderator';
    return microphone.on ? undefined : 'Muted';
  }
  return state.producers.some((p) => p.participantId === participantId && p.source === 'microphone' && p.paused) ? 'Muted' : undefined;
}
