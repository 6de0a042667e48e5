import { useEffect, useRef } from 'react';

/** A <video> showing one track; our own preview is mirrored and muted. */
export function TrackVideo({ track, mirrored = false, label }: { track: MediaStreamTrack; mirrored?: boolean; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = new MediaStream([track]);
  }, [track]);
  return <video ref={ref} autoPlay playsInline muted aria-label={label} className={mirrored ? 'mirrored' : undefined} />;
}

/** Plays one remote audio track at `volume` (0–1); invisible. */
export function TrackAudio({ track, participantId, volume }: { track: MediaStreamTrack; participantId: string; volume: number }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    element.play().catch(() => undefined); // Allowed: the person clicked to join.
  }, [track]);
  useEffect(() => {
    if (ref.current) ref.current.volume = volume;
  }, [volume]);
  return <audio ref={ref} autoPlay data-participant={participantId} data-volume={volume.toFixed(2)} />;
}
