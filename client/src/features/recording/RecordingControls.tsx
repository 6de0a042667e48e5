import { useState } from 'react';
import { busyProps } from '../../components/busyProps.ts';
import { controlState } from '../../state/pendingActions.ts';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';

/** Start and stop recording, in the moderator console; stopping asks for a confirmation first. */
export function RecordingControls({ controller, state }: { controller: SessionController; state: SessionState }) {
  const [confirming, setConfirming] = useState(false);
  const starting = controlState(state.pending, 'recording:start');
  const stopping = controlState(state.pending, 'recording:stop');
  const act = (on: boolean) => {
    setConfirming(false);
    void controller.setRecording(on);
  };
  if (!state.recording) {
    return (
      <div className="recording-controls">
        <button type="button" {...busyProps(starting)} onClick={() => act(true)}>
          {starting.busy ? 'Starting the recording…' : stopping.busy ? 'Finishing the files…' : 'Start recording'}
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
        <button type="button" {...busyProps(stopping)} onClick={() => !stopping.waiting && setConfirming(true)}>
          {stopping.busy ? 'Finishing the files…' : starting.busy ? 'Starting the recording…' : 'Stop recording'}
        </button>
      )}
    </div>
  );
}
