import { useEffect, useRef } from 'react';

/** A <video> showing one track; our own preview is mirrored and muted. */
export function TrackVideo({ track, mirrored = false, label }: { track: MediaStreamTrack; mirrored?: boolean; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = new MediaStream([track]);
  }, [track]);
  return <video ref={ref} autoPlay playsInline muted aria-label={label} className={mirrored ? 'mirrored' : undefined} />;
}

/**
 * One remote audio track, muted: the sound is played through Web Audio (OutputMeter), where a
 * quiet voice can be lifted. Chromium only hands a remote WebRTC track to Web Audio while a media
 * element plays it, hence this element. `volume` (the person's mix) and `normalisation` (the
 * voice's loudness correction) are shown for tests and support.
 */
export function TrackAudio({ track, participantId, volume, normalisation = 1 }: { track: MediaStreamTrack; participantId: string; volume: number; normalisation?: number }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    element.play().catch(() => undefined); // Allowed: the person clicked to join.
  }, [track]);
  return <audio ref={ref} autoPlay muted data-participant={participantId} data-volume={volume.toFixed(2)} data-normalisation={normalisation.toFixed(2)} />;
}
