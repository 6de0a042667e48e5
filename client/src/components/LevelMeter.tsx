import { useEffect, useState } from 'react';

/** Live microphone level (0–1) from a Web Audio analyser. */
export function useAudioLevel(track: MediaStreamTrack | undefined): number {
  const [level, setLevel] = useState(0);
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
      analyser.getFloatTimeDomainData(samples);
      let energy = 0;
      for (const sample of samples) energy += sample * sample;
      setLevel(Math.min(1, Math.sqrt(energy / samples.length) * 4));
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      for (const event of ['pointerdown', 'keydown']) document.removeEventListener(event, resume);
      void context.close();
    };
  }, [track]);
  return level;
}

export function LevelMeter({ track }: { track: MediaStreamTrack | undefined }) {
  const level = useAudioLevel(track);
  return (
    <div className="meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
      <div className="meter-fill" style={{ width: `${Math.round(level * 100)}%` }} />
    </div>
  );
}
