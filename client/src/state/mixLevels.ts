import type { Booth } from '@multaqa/shared';
import { trackVolume, type Levels, type Route } from '../media/audioMixer.ts';
import type { RemoteTrack, SessionState } from './sessionState.ts';

export function isBoothLive(booth: Booth | undefined): boolean {
  return booth !== undefined && booth.onAir !== null && !booth.muted;
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

/** How loud one received audio track plays for this person now. */
export function volumeOf(remote: RemoteTrack, state: SessionState): number {
  const { language, booths, floorLevel, self, volume } = state;
  const levels = mixLevels({ language, booths, floorLevel, relay: self?.grant.role === 'interpreter' && language !== null });
  const onAir = booths.find((booth) => booth.language === language)?.onAir ?? null;
  const voice = language !== null && onAir !== null ? { language, participantId: onAir } : null;
  const route: Route =
    remote.source === 'interpretation' && remote.language
      ? { bus: 'channel', language: remote.language, participantId: remote.participantId }
      : { bus: 'floor' };
  return trackVolume(route, levels, voice, volume);
}
