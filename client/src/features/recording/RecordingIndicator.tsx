import type { RecordingStatus } from '@multaqa/shared';

/** Shown to everyone while the session is being recorded, and gone when it stops. */
export function RecordingIndicator({ recording }: { recording: RecordingStatus | null }) {
  if (!recording) return null;
  const since = new Date(recording.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <span className="recording-indicator" role="status" data-testid="recording-indicator" title={`Recording since ${since}, started by ${recording.by.name}`}>
      <span aria-hidden="true">●</span> Recording
    </span>
  );
}
