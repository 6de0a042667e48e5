import { useEffect, useRef, useState } from 'react';
import { LevelHintTracker, type LevelHint } from '../media/levelHint.ts';
import { useInterfaceLanguage } from '../i18n/useInterfaceLanguage.ts';

/** Hands `onFrame` each animation frame's samples of the track, once audio is running. */
function useTrackSamples(track: MediaStreamTrack | undefined, onFrame: (samples: Float32Array) => void): void {
  const latest = useRef(onFrame);
  latest.current = onFrame;
  useEffect(() => {
    if (!track) return;
    const context = new AudioContext();
    // Browsers start audio only after a gesture; the next click or key brings the meter to life.
    const resume = () => void context.resume();
    if (context.state === 'suspended') for (const event of ['pointerdown', 'keydown']) document.addEventListener(event, resume, { once: true });
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const tick = () => {
      if (context.state === 'running') {
        analyser.getFloatTimeDomainData(samples);
        latest.current(samples);
      }
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      for (const event of ['pointerdown', 'keydown']) document.removeEventListener(event, resume);
      void context.close();
    };
  }, [track]);
}

/** The meter's reading (0–1): RMS, scaled so that speech fills most of the bar. */
function meterLevel(samples: Float32Array): number {
  let energy = 0;
  for (const sample of samples) energy += sample * sample;
  return Math.min(1, Math.sqrt(energy / samples.length) * 4);
}

/** Live microphone level (0–1) from a Web Audio analyser. */
export function useAudioLevel(track: MediaStreamTrack | undefined): number {
  const [level, setLevel] = useState(0);
  useTrackSamples(track, (samples) => setLevel(meterLevel(samples)));
  return level;
}

/** A live level bar; with `hint`, a line under it says whether the level is right (the device check). */
export function LevelMeter({ track, label: givenLabel, hint = false }: { track: MediaStreamTrack | undefined; label?: string; hint?: boolean }) {
  const { t } = useInterfaceLanguage();
  const label = givenLabel ?? t('levelMeter.label');
  const [level, setLevel] = useState(0);
  const [levelHint, setLevelHint] = useState<LevelHint>();
  const tracker = useRef<LevelHintTracker>(undefined);
  useTrackSamples(track, (samples) => {
    setLevel(meterLevel(samples));
    if (hint) setLevelHint((tracker.current ??= new LevelHintTracker()).add(samples, performance.now()));
  });
  return (
    <div className="level-meter">
      <span className="level-meter-label" aria-hidden="true">
        {label}
      </span>
      <div className="meter" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
        <div className="meter-fill" style={{ width: `${Math.round(level * 100)}%` }} />
      </div>
      {levelHint && (
        <p className="level-hint muted" role="status" data-hint={levelHint}>
          {t(`levelMeter.hint.${levelHint}`)}
        </p>
      )}
    </div>
  );
}
