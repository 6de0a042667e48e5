import { audioConstraints, type SoundProfile } from './soundProfile.ts';

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
    const stream = await navigator.mediaDevices.getUserMedia({
      audio,
      video: video && { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
    });
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
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Camera access was refused, so you join with your microphone only. To be seen, allow the camera in your browser’s site settings and try again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found, so you join with your microphone only. Connect a camera and try again to be seen.';
  if (name === 'NotReadableError') return 'Your camera is in use by another program, so you join with your microphone only. Close that program and try again to be seen.';
  return `Your camera could not be opened (${name || 'unknown error'}), so you join with your microphone only.`;
}
