/**
 * Asks for camera and microphone; turns the browser's errors into advice a person can act on.
 * `processing: false` is for interpreters, who work on headsets: an echo canceller there only
 * leaks what they hear (the floor) into their channel, and gain control pumps their voice.
 */
export async function openCameraAndMicrophone({ video = true, processing = true } = {}): Promise<{ stream: MediaStream } | { error: string }> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return { error: 'This browser cannot use a camera or microphone here (the page must be served over HTTPS).' };
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: processing, noiseSuppression: processing, autoGainControl: processing },
      video: video && { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
    });
    return { stream };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
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
