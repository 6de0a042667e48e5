import { z } from 'zod';

/**
 * How a speaker's microphone is treated before it is sent. "studio" sends the voice as the
 * microphone picks it up (no echo cancellation, noise suppression or gain control), which is what
 * ISO 20108 asks interpreters to hear; it needs a headset or a close microphone, or the room's
 * sound and the loudspeakers' echo go out with the voice. "room" lets the browser clean it up.
 */
export const SoundProfileSchema = z.enum(['studio', 'room']);
export type SoundProfile = z.infer<typeof SoundProfileSchema>;

const KEY = 'multaqa.soundProfile';

/** The speaker's last choice in this browser; "room" until they choose (safe without a headset). */
export function loadSoundProfile(): SoundProfile {
  try {
    const parsed = SoundProfileSchema.safeParse(localStorage.getItem(KEY));
    if (parsed.success) return parsed.data;
  } catch {
    // Unreadable storage: fall back to the default.
  }
  return 'room';
}

export function saveSoundProfile(profile: SoundProfile): void {
  try {
    localStorage.setItem(KEY, profile);
  } catch {
    // Private mode or full storage: the choice just is not remembered.
  }
}

/** The getUserMedia audio constraints of a profile. */
export function audioConstraints(profile: SoundProfile): MediaTrackConstraints {
  const processing = profile === 'room';
  return { echoCancellation: processing, noiseSuppression: processing, autoGainControl: processing, channelCount: 1 };
}
