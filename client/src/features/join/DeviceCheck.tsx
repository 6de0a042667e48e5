import { useEffect, useState } from 'react';
import { LevelMeter } from '../../components/LevelMeter.tsx';
import { TrackVideo } from '../../components/MediaElements.tsx';
import { openCameraAndMicrophone, type DeviceTrouble } from '../../media/localMedia.ts';
import { loadSoundProfile, saveSoundProfile, type SoundProfile } from '../../media/soundProfile.ts';
import { SoundProfilePicker } from './SoundProfilePicker.tsx';
import { useInterfaceLanguage } from '../../i18n/useInterfaceLanguage.ts';

/** Camera preview and microphone level before a speaker joins. */
export function DeviceCheck({
  onJoin,
  video = true,
  joinLabel,
  microphoneOnlyLabel = joinLabel,
}: {
  onJoin: (stream?: MediaStream) => void;
  video?: boolean;
  joinLabel?: string;
  /** The join button's words when only the microphone could be opened (default: `joinLabel`). */
  microphoneOnlyLabel?: string;
}) {
  const [stream, setStream] = useState<MediaStream>();
  const { t } = useInterfaceLanguage();
  const [error, setError] = useState<DeviceTrouble>();
  const [cameraProblem, setCameraProblem] = useState<DeviceTrouble>();
  const [attempt, setAttempt] = useState(0);
  const [chosenProfile, setChosenProfile] = useState<SoundProfile>(loadSoundProfile);
  // Without video this is an interpreter's booth microphone: raw, as a hardware console sends it.
  const profile: SoundProfile = video ? chosenProfile : 'studio';

  useEffect(() => {
    let cancelled = false;
    void openCameraAndMicrophone({ video, profile }).then((result) => {
      if (cancelled) {
        if ('stream' in result) for (const track of result.stream.getTracks()) track.stop();
        return;
      }
      if ('stream' in result) {
        setStream(result.stream);
        setCameraProblem(result.cameraProblem);
      } else setError(result.error);
    });
    return () => {
      cancelled = true;
    };
  }, [attempt, video, profile]);

  const chooseProfile = (next: SoundProfile) => {
    saveSoundProfile(next);
    for (const track of stream?.getTracks() ?? []) track.stop();
    setStream(undefined);
    setChosenProfile(next);
  };
  const retry = () => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    setStream(undefined);
    setError(undefined);
    setCameraProblem(undefined);
    setAttempt((n) => n + 1);
  };
  const camera = stream?.getVideoTracks()[0];
  const microphone = stream?.getAudioTracks()[0];
  return (
    <section className="device-check" aria-label={t(video ? 'deviceCheck.regionCameraAndMicrophone' : 'deviceCheck.regionMicrophone')}>
      {error && (
        <div role="alert" className="notice error">
          {t(`deviceCheck.error.${error.kind}`, { detail: error.detail })}{' '}
          <button type="button" onClick={() => retry()}>
            {t('deviceCheck.tryAgain')}
          </button>
        </div>
      )}
      {cameraProblem && (
        <div role="alert" className="notice" data-testid="camera-problem">
          {t(`deviceCheck.camera.${cameraProblem.kind === 'insecure' ? 'other' : cameraProblem.kind}`, { detail: cameraProblem.detail })}{' '}
          <button type="button" onClick={() => retry()}>
            {t('deviceCheck.tryCameraAgain')}
          </button>
        </div>
      )}
      {camera && <TrackVideo track={camera} mirrored label={t('deviceCheck.yourCamera')} />}
      {microphone && <LevelMeter track={microphone} hint />}
      {video && <SoundProfilePicker profile={profile} onChange={chooseProfile} />}
      {!stream && !error && <p>{t('deviceCheck.opening')}</p>}
      <div className="actions">
        <button type="button" className="primary" disabled={!stream} onClick={() => onJoin(stream)}>
          {(cameraProblem ? microphoneOnlyLabel : joinLabel) ??
            t(video && !cameraProblem ? 'deviceCheck.joinWithCameraAndMicrophone' : video ? 'deviceCheck.joinWithMicrophoneOnly' : 'deviceCheck.joinWithMicrophone')}
        </button>
        {!joinLabel && (
          <button type="button" onClick={() => onJoin(undefined)}>
            {t('deviceCheck.joinToListen')}
          </button>
        )}
      </div>
    </section>
  );
}
