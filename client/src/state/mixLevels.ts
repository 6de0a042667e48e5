import type { Booth } from '@multaqa/shared';
import type { RemoteTrack, SessionState } from './sessionState.ts';

/** Where a received track goes: the floor, or one interpreter's voice on a language channel. */
export type Route = { bus: 'floor' } | { bus: 'channel'; language: string; participantId: string };

export type Levels = { floor: number; channel: number };

/** The voice to hear on the channel bus: the on-air interpreter of the chosen language. */
export type ChannelVoice = { language: string; participantId: string } | null;

/**
 * The playback volume (0–1) of one received track, applied on its own gain in Web Audio (every
 * <audio> element is muted alike: in Chromium, Web Audio taps of remote WebRTC tracks were not
 * isolated from each other once only some elements were muted, as seen in our tests).
 * A channel voice that is not the one to hear is silent, so a voice that just stopped
 * (handover, language switch) leaves no tail of packet-loss concealment behind.
 */
export function trackVolume(route: Route, levels: Levels, voice: ChannelVoice, master: number): number {
  if (route.bus === 'floor') return clamp(levels.floor * master);
  const isVoice = voice !== null && route.language === voice.language && route.participantId === voice.participantId;
  return isVoice ? clamp(levels.channel * master) : 0;
}

function clamp(volume: number): number {
  return Math.min(1, Math.max(0, volume));
}

/**
 * Whether a channel has an interpreter on air. A cough is a moment of silence within a live
 * channel, not an idle one: the floor does not jump up under it, and no "no interpretation" notice.
 * An interpreter on air whose connection dropped keeps the channel for a while (the server's
 * grace period), but has no voice until they are back: meanwhile the channel is idle, and its
 * listeners hear the floor in full rather than near silence.
 */
export function isBoothLive(booth: Booth | undefined): boolean {
  if (booth === undefined || booth.onAir === null) return false;
  return !booth.interpreters.some((interpreter) => interpreter.id === booth.onAir && interpreter.away);
}

/**
 * What each bus should sound like. A listener on a live channel hears it with the floor at
 * their chosen level underneath; on an idle channel, or on the floor, the floor at full level.
 * An interpreter relaying from a booth hears only that booth.
 */
export function mixLevels(options: { language: string | null; booths: Booth[]; floorLevel: number; relay: boolean }): Levels {
  if (options.language === null) return { floor: 1, channel: 0 };
  const booth = options.booths.find((b) => b.language === options.language);
  if (options.relay) return { floor: 0, channel: 1 };
  return isBoothLive(booth) ? { floor: options.floorLevel, channel: 1 } : { floor: 1, channel: 0 };
}

/** What one received audio track is played at: the person's mix, times its loudness normalisation. */
export function playedVolume(remote: RemoteTrack, state: SessionState): number {
  // Not capped at 1: normalisation may lift a quiet voice (played through Web Audio, see OutputMeter).
  return Math.max(0, volumeOf(remote, state) * (state.playbackGain[remote.consumerId] ?? 1));
}

/**
 * How loud one received audio track plays for this person now (their mix, before normalisation). A track whose producer the
 * server paused (muted, time up, off air) is silent at once, without a concealment tail.
 */
export function volumeOf(remote: RemoteTrack, state: SessionState): number {
  const { language, booths, floorLevel, self, volume } = state;
  if (state.producers.find((p) => p.id === remote.producerId)?.paused) return 0;
  const levels = mixLevels({ language, booths, floorLevel, relay: self?.grant.role === 'interpreter' && language !== null });
  const onAir = booths.find((booth) => booth.language === language)?.onAir ?? null;
  const voice = language !== null && onAir !== null ? { language, participantId: onAir } : null;
  const route: Route =
    remote.source === 'interpretation' && remote.language
      ? { bus: 'channel', language: remote.language, participantId: remote.participantId }
      : { bus: 'floor' };
  return trackVolume(route, levels, voice, volume);
}
