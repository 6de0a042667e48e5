import { useEffect, useRef, useState } from 'react';
import type { Booth } from '@multaqa/shared';
import { useAudioLevel } from '../../components/LevelMeter.tsx';
import type { LocalTrack } from '../../state/sessionState.ts';

/** Meter level (0–1) above which the microphone is taken to pick up anything at all. */
const SOUND = 0.002;
const SILENT_WARNING_MS = 5_000;

/**
 * What the interpreter sends, live: their voice's level while listeners receive it, and why not
 * when they don't; a silent channel is seen by the one person who can fix it.
 */
export function OnAirMeter({ booth, selfId, voice, connected }: { booth: Booth; selfId: string; voice: LocalTrack | undefined; connected: boolean }) {
  const level = useAudioLevel(voice?.track);
  // A dead microphone's level never changes, so nothing else would re-render to show the warning.
  const [, setClock] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setClock((tick) => tick + 1), 1_000);
    return () => clearInterval(timer);
  }, []);
  // A pause in speech is not a fault; a microphone that has given nothing for seconds is.
  const lastSound = useRef(Date.now());
  if (level > SOUND || booth.onAir !== selfId || booth.muted) lastSound.current = Date.now();
  if (booth.onAir !== selfId) return null;
  const status = !connected
    ? 'Connection lost: listeners hear nothing. Reconnecting… (your partner may take over)'
    : !voice
    ? 'No microphone: listeners hear nothing'
    : booth.muted
      ? 'Coughing: listeners hear nothing'
      : voice.flowing === false
        ? 'Connecting your voice…'
        : 'Listeners hear you';
  const sending = connected && voice !== undefined && !booth.muted && voice.flowing !== false;
  const percent = sending ? Math.round(level * 100) : 0;
  const silentTooLong = sending && Date.now() - lastSound.current > SILENT_WARNING_MS;
  return (
    <div className="on-air-meter">
      <div className="meter" role="meter" aria-label="Your voice on air" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="meter-fill" style={{ width: `${percent}%` }} />
      </div>
      <span data-testid="on-air-status" className={silentTooLong || !connected ? 'notice error' : 'muted'}>
        {silentTooLong ? 'On air, but your microphone gives no sound: check it, or hand over' : status}
      </span>
    </div>
  );
}
