import { ClampedText } from '../../components/ClampedText.tsx';
import { useEffect, useState } from 'react';
import type { FloorHolder } from '@multaqa/shared';
import { languageName } from '../../components/roleLabel.ts';

/** Seconds left in the current turn (negative once over time). */
export function secondsLeft(current: FloorHolder, now: number): number {
  return Math.ceil((current.startedAt + current.limitSeconds * 1000 - now) / 1000);
}

export function formatSeconds(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  const abs = Math.abs(seconds);
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2:30 left", or once over time "1:22 over" (never "−1:22 left"). */
export function timeLeftText(seconds: number): string {
  return seconds < 0 ? `${formatSeconds(-seconds)} over` : `${formatSeconds(seconds)} left`;
}

/**
 * Who has the floor, on which topic and language, and the countdown everyone sees, on the
 * server's clock (`clockOffset`: server minus this device, ms). The speaker (`selfId`) is told
 * in words when their own time is up.
 */
export function SpeakerTimer({ current, clockOffset, selfId }: { current: FloorHolder | null; clockOffset: number; selfId?: string }) {
  const [now, setNow] = useState(Date.now() + clockOffset);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + clockOffset), 250);
    return () => clearInterval(timer);
  }, [clockOffset]);
  if (!current) return null;
  const left = secondsLeft(current, now);
  const state = left <= 0 ? 'over' : left <= 60 ? 'warning' : 'running';
  return (
    <div className={`speaker-timer ${state}`} role="timer" aria-label="Speaking time" data-state={state}>
      <strong>{current.name}</strong>
      {current.language ? ` · ${languageName(current.language)}` : ''}
      {current.topic && (
        <>
          {' · '}
          {/* A long topic must not push the stage down (five lines on a phone): two lines and "more". */}
          <ClampedText text={current.topic} />
        </>
      )}{' '}
      — <span data-testid="time-left">{formatSeconds(left)}</span>
      {state === 'warning' && ' (under a minute left)'}
      {/* Not "please finish": with the time-up mute on, their microphone is already off (its notice says so). */}
      {state === 'over' && (current.participantId === selfId ? ' (your time is up)' : ' (time is up)')}
    </div>
  );
}
