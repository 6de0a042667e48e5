import { useEffect, useState } from 'react';
import { LevelMeter } from '../../components/LevelMeter.tsx';
import { TrackVideo } from '../../components/MediaElements.tsx';
import { openCameraAndMicrophone } from '../../media/localMedia.ts';

/** Camera preview and microphone level before a speaker joins. */
export function DeviceCheck({
  onJoin,
  video = true,
  joinLabel,
}: {
  onJoin: (stream?: MediaStream) => void;
  video?: boolean;
  joinLabel?: string;
}) {
  const [stream, setStream] = useState<MediaStream>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    // Without video this is an interpreter's booth microphone: raw, as a hardware console sends it.
    void openCameraAndMicrophone({ video, processing: video }).then((result) => {
      if (cancelled) {
        if ('stream' in result) for (const track of result.stream.getTracks()) track.stop();
        return;
      }
      if ('stream' in result) setStream(result.stream);
      else setError(result.error);
    });
    return () => {
      cancelled = true;
    };
  }, [attempt, video]);

  const camera = stream?.getVideoTracks()[0];
  const microphone = stream?.getAudioTracks()[0];
  return (
    <section className="device-check" aria-label={video ? 'Camera and microphone check' : 'Microphone check'}>
      {error && (
        <div role="alert" className="notice error">
          {error}{' '}
          <button type="button" onClick={() => (setError(undefined), setAttempt((n) => n + 1))}>
            Try again
          </button>
        </div>
      )}
      {camera && <TrackVideo track={camera} mirrored label="Your camera" />}
      {microphone && <LevelMeter track={microphone} />}
      {!stream && !error && <p>Opening your camera and microphone…</p>}
      <div className="actions">
        <button type="button" className="primary" disabled={!stream} onClick={() => onJoin(stream)}>
          {joinLabel ?? (video ? 'Join with camera and microphone' : 'Join with microphone')}
        </button>
        {!joinLabel && (
          <button type="button" onClick={() => onJoin(undefined)}>
            Join to listen only
          </button>
        )}
      </div>
    </section>
  );
}
