import { audioConstraints, type SoundProfile } from './soundProfile.ts';

const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/** Why a device could not be opened, as the join page words it (deviceCheck.error.* / deviceCheck.camera.*). */
export type DeviceTrouble = { kind: 'insecure' | 'refused' | 'notFound' | 'inUse' | 'other'; detail?: string };

/**
 * Asks for camera and microphone; turns the browser's errors into what went wrong, which the page
 * words as advice a person can act on, in their language.
 * Interpreters always use the "studio" profile: they work on headsets, an echo canceller there
 * only leaks what they hear (the floor) into their channel, and gain control pumps their voice.
 */
export async function openCameraAndMicrophone({
  video = true,
  profile = 'room',
}: { video?: boolean; profile?: SoundProfile } = {}): Promise<{ stream: MediaStream; cameraProblem?: DeviceTrouble } | { error: DeviceTrouble }> {
  if (!navigator.mediaDevices?.getUserMedia) return { error: { kind: 'insecure' } };
  const audio = audioConstraints(profile);
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio, video: video && CAMERA_CONSTRAINTS });
    return { stream };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    // The camera may be what failed (blocked, missing, busy): the microphone alone still lets them speak.
    if (video) {
      const microphoneOnly = await navigator.mediaDevices.getUserMedia({ audio }).catch(() => undefined);
      if (microphoneOnly) return { stream: microphoneOnly, cameraProblem: troubleOf(name, name || 'unknown error') };
    }
    return { error: troubleOf(name, name || String(error)) };
  }
}

/** The browser's error name as a kind of trouble; `detail` (the raw name, for support) only where none fits. */
function troubleOf(name: string, detail: string): DeviceTrouble {
  if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'refused' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { kind: 'notFound' };
  if (name === 'NotReadableError') return { kind: 'inUse' };
  return { kind: 'other', detail };
}

/** What went wrong with the camera, and what the person can do about it (if anything); English, for the session page (not translated yet). */
function cameraTrouble(name: string): { trouble: string; remedy?: string } {
  if (name === 'NotAllowedError' || name === 'SecurityError') return { trouble: 'Camera access was refused', remedy: 'allow the camera in your browser’s site settings and try again' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { trouble: 'No camera was found', remedy: 'connect a camera and try again' };
  if (name === 'NotReadableError') return { trouble: 'Your camera is in use by another program', remedy: 'close that program and try again' };
  return { trouble: `Your camera could not be opened (${name || 'unknown error'})` };
}

/** Asks for the camera alone: a speaker who joined with the microphone only and now wants to be seen. */
export async function openCamera(): Promise<{ track: MediaStreamTrack } | { error: string }> {
  if (!navigator.mediaDevices?.getUserMedia) return { error: 'This browser cannot use a camera here (the page must be served over HTTPS).' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS });
    return { track: stream.getVideoTracks()[0]! };
  } catch (error) {
    const { trouble, remedy } = cameraTrouble(error instanceof DOMException ? error.name : '');
    return { error: `${trouble}.${remedy ? ` To be seen, ${remedy}.` : ''}` };
  }
}
