import { audioConstraints, type SoundProfile } from './soundProfile.ts';

const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/**
 * Asks for camera and microphone; turns the browser's errors into advice a person can act on.
 * Interpreters always use the "studio" profile: they work on headsets, an echo canceller there
 * only leaks what they hear (the floor) into their channel, and gain control pumps their voice.
 */
export async function openCameraAndMicrophone({
  video = true,
  profile = 'room',
}: { video?: boolean; profile?: SoundProfile } = {}): Promise<{ stream: MediaStream; cameraProblem?: string } | { error: string }> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return { error: 'This browser cannot use a camera or microphone here (the page must be served over HTTPS).' };
  }
  const audio = audioConstraints(profile);
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio, video: video && CAMERA_CONSTRAINTS });
    return { stream };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    // The camera may be what failed (blocked, missing, busy): the microphone alone still lets them speak.
    if (video) {
      const microphoneOnly = await navigator.mediaDevices.getUserMedia({ audio }).catch(() => undefined);
      if (microphoneOnly) return { stream: microphoneOnly, cameraProblem: cameraProblem(name) };
    }
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      return {
        error:
          'Camera and microphone access was refused. Allow it in your browser’s site settings and try again — or join without them to listen only.',
      };
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') {
      return { error: 'No camera or microphone was found. Connect one and try again, or join to listen only.' };
    }
    if (name === 'NotReadableError') {
      return { error: 'Your camera or microphone is in use by another program. Close it and try again.' };
    }
    return { error: `Could not open camera or microphone (${name || String(error)}).` };
  }
}

/** Why the camera could not be used, when the microphone could. */
function cameraProblem(name: string): string {
  const { trouble, remedy } = cameraTrouble(name);
  return `${trouble}, so you join with your microphone only.${remedy ? ` To be seen, ${remedy}.` : ''}`;
}

/** What went wrong with the camera, and what the person can do about it (if anything). */
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
