import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordingFile, RecordingSummary } from '@multaqa/shared';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { requestRecordings } from './recordingsRequest.ts';
import { failureText, partCounts, groupedParts, recordingFileMessage, recordingText } from './recordingText.ts';

const LIST_RETRIES = 3;
const LIST_RETRY_MS = 5_000;

/** Organizers: the session's recordings and their files, to download. */
export function RecordingsPanel({ controller, state }: { controller: SessionController; state: SessionState }) {
  const [recordings, setRecordings] = useState<RecordingSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const retry = useRef<{ timer?: ReturnType<typeof setTimeout>; left: number }>({ left: LIST_RETRIES });
  const refresh = useCallback(() => {
    clearTimeout(retry.current.timer);
    requestRecordings(controller.link).then(
      (list) => {
        setRecordings(list);
        setError(undefined);
        retry.current.left = LIST_RETRIES;
      },
      (reason: unknown) => {
        setError(reason instanceof Error ? reason.message : String(reason));
        // A busy or restarting server: try again by itself a few times before leaving it to Refresh.
        if (retry.current.left-- > 0) retry.current.timer = setTimeout(refresh, LIST_RETRY_MS);
      },
    );
  }, [controller]);
  useEffect(() => () => clearTimeout(retry.current.timer), []);
  // Listed when shown, and again whenever a recording starts or ends (its files are then listed).
  const recordingId = state.recording?.id ?? null;
  const last = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (last.current === recordingId) return;
    last.current = recordingId;
    refresh();
  }, [recordingId, refresh]);

  return (
    <section className="recordings" aria-label="Recordings">
      <h2>Recordings</h2>
      <button type="button" onClick={refresh}>
        Refresh
      </button>
      {error && (
        <p role="alert" className="notice error">
          Could not list the recordings: {error}
        </p>
      )}
      {recordings?.length === 0 && <p className="muted">This session has no recordings yet.</p>}
      <ul>
        {recordings?.map((recording) => (
          <li key={recording.id} data-recording={recording.id}>
            <strong>{new Date(recording.startedAt).toLocaleString()}</strong>
            {recording.stoppedAt && <> – {new Date(recording.stoppedAt).toLocaleTimeString()}</>} <span className="muted">(by {recording.by.name})</span>{' '}
            {recording.status !== 'complete' && <span className="badge">{recording.status === 'recording' ? 'recording now' : 'interrupted'}</span>}
            <ul className="recording-files">
              <RecordingFiles files={recording.files} />
            </ul>
          </li>
        ))}
      </ul>
      <p className="muted">Download links last ten minutes; refresh for new ones.</p>
    </section>
  );
}

function RecordingFiles({ files }: { files: RecordingFile[] }) {
  const partsOf = partCounts(files);
  return groupedParts(files).map((file) => <RecordingFileItem key={file.name} file={file} parts={partsOf(file)} />);
}

/** One file: a download link, or (a track that failed) its name and why it failed. */
function RecordingFileItem({ file, parts }: { file: RecordingFile; parts: number }) {
  const label = recordingText(recordingFileMessage(file, parts));
  if (file.failed) {
    return (
      <li data-failed={file.failed.reason}>
        <span>{label}</span> <span className="badge">failed</span> <span className="muted">{failureText(file.failed, file.source)}</span>
      </li>
    );
  }
  return (
    <li>
      <a href={file.url} download={file.name}>
        {label}
      </a>{' '}
      <span className="muted">
        {file.name}, {formatBytes(file.bytes)}
        {file.durationMs !== undefined && `, ${formatDuration(file.durationMs)}`}
        {file.stoppedEarly && ', stopped early'}
      </span>
    </li>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
