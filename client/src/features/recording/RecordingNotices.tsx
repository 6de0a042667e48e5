import type { SessionController } from '../../state/sessionController.ts';
import { recordingNoticeDismissed } from '../../state/recordingNotices.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { recordingText } from './recordingText.ts';

/** What moderators were told of the recording (a track failed or stopped, the disk filled), each until dismissed. */
export function RecordingNotices({ controller, state }: { controller: SessionController; state: SessionState }) {
  return (
    <>
      {state.recordingNotices.map((notice, index) => (
        <p key={index} role="alert" className="notice error" data-testid="recording-notice" data-key={notice.key}>
          {recordingText(notice)}{' '}
          <button type="button" onClick={() => controller.state.update((s) => recordingNoticeDismissed(s, notice))}>
            OK
          </button>
        </p>
      ))}
    </>
  );
}
