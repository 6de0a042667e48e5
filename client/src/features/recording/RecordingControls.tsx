import { useState } from 'react';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';

/** Start and stop recording, in the moderator console; stopping asks for a confirmation first. */
export function RecordingControls({ controller, state }: { controller: SessionController; state: SessionState }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const act = (on: boolean) => {
    setBusy(true);
    setConfirming(false);
    void controller.setRecording(on).finally(() => setBusy(false));
  };
  if (!state.recording) {
    return (
      <div className="recording-controls">
        <button type="button" disabled={busy} onClick={() => act(true)}>
          {busy ? 'Working…' : 'Start recording'}
        </button>
      </div>
    );
  }
  return (
    <div className="recording-controls">
      {confirming ? (
        <span role="group" aria-label="Confirm stopping the recording">
          Stop the recording? Its files are finished when it stops.{' '}
          <button type="button" className="danger" onClick={() => act(false)}>
            Yes, stop recording
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Keep recording
          </button>
        </span>
      ) : (
        <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
          {busy ? 'Finishing the files…' : 'Stop recording'}
        </button>
      )}
    </div>
  );
}
