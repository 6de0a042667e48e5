import { useMemo, useRef } from 'react';
import { STAGE_ROLES } from '@multaqa/shared';
import { TrackAudio } from '../../components/MediaElements.tsx';
import { LanguageName } from '../../components/LanguageName.tsx';
import { volumeOf } from '../../state/mixLevels.ts';
import type { SessionController } from '../../state/sessionController.ts';
import { useStore } from '../../state/store.ts';
import { InterpreterConsole } from '../interpretation/InterpreterConsole.tsx';
import { ListenerControls } from '../interpretation/ListenerControls.tsx';
import { HandControls } from '../moderation/HandControls.tsx';
import { ModeratorConsole } from '../moderation/ModeratorConsole.tsx';
import { RecordingIndicator } from '../recording/RecordingIndicator.tsx';
import { RecordingNotices } from '../recording/RecordingNotices.tsx';
import { RecordingsPanel } from '../recording/RecordingsPanel.tsx';
import { SpeakerTimer } from '../moderation/SpeakerTimer.tsx';
import { OwnSound } from '../sound/OwnSound.tsx';
import { LeaveButton } from './LeaveButton.tsx';
import { SessionEnded } from './SessionEnded.tsx';
import { LanguageMenu } from '../../i18n/LanguageMenu.tsx';
import { SpeakerControls } from './SpeakerControls.tsx';
import { Stage } from './Stage.tsx';
import { useMainControlFocus } from './useMainControlFocus.ts';

const isModerator = (role: string) => role === 'moderator' || role === 'organizer';

export function SessionPage({ controller }: { controller: SessionController }) {
  const state = useStore(controller.state);
  const fit = useMemo(() => ({ layer: controller.setVideoLayer, visible: controller.setVideoVisible }), [controller]);
  const { session, self, phase, notice } = state;
  const page = useRef<HTMLElement>(null);
  useMainControlFocus(page, self?.grant.role, phase === 'joined');

  if (phase === 'left' || phase === 'ended') return <SessionEnded state={state} />;

  const role = self?.grant.role;
  return (
    <main className="page session" data-phase={phase} data-role={role} ref={page}>
      <header className="session-header">
        <div className="session-title">
          <h1>{session?.title ?? 'Joining…'}</h1>
          {/* Beside the room line, not with the count and Leave: a phone's header has no room there (layout test). */}
          <LanguageMenu />
          {session && (
            <p className="muted">
              {session.room} · floor language <LanguageName code={session.floorLanguage} />
            </p>
          )}
        </div>
        <div className="header-right">
          <RecordingIndicator recording={state.recording} />
          <span className="count" aria-label="Participants" data-testid="participant-count">
            {state.participantCount} {state.participantCount === 1 ? 'participant' : 'participants'}
          </span>
          <LeaveButton controller={controller} state={state} />
        </div>
      </header>
      <div className="session-stage">
        <div className="session-notices">
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
          <RecordingNotices controller={controller} state={state} />
          {state.soundSuspended && state.phase === 'joined' && (
            <p role="alert" className="notice" data-testid="sound-suspended">
              The browser keeps this tab silent until you click or press a key.{' '}
              <button type="button" onClick={() => void controller.resumeSound()}>
                Turn sound on
              </button>
            </p>
          )}
          <SpeakerTimer current={state.queue.current} clockOffset={state.clockOffset} selfId={self?.id} />
          <OwnSound state={state} />
          {state.slowDown && (
            <p role="alert" className="notice slow-down">
              {state.slowDown}{' '}
              <button type="button" onClick={() => controller.dismissSlowDown()}>
                OK
              </button>
            </p>
          )}
        </div>
        <Stage state={state} fit={fit} />
      </div>
      {/* The bar: what you hear and what you send, in one fixed place (as Zoom's interpretation bar). */}
      <div className="session-bar">
        {role !== 'interpreter' && <ListenerControls controller={controller} state={state} />}
        {self && (STAGE_ROLES.includes(self.grant.role) || state.local.camera || state.local.microphone) && (
          <SpeakerControls controller={controller} local={state.local} />
        )}
        <label className="audio-only">
          <input type="checkbox" checked={state.audioOnly} onChange={(event) => void controller.setAudioOnly(event.target.checked)} /> Audio only (no
          video)
        </label>
      </div>
      {/* The role's console, always in the same place: beside the video, or under it on a phone. */}
      <div className="session-panel">
        {role === 'interpreter' && <InterpreterConsole controller={controller} state={state} />}
        {role && isModerator(role) && <ModeratorConsole controller={controller} state={state} />}
        {/* Interpreters have their booth's own controls, not the audience's hand. */}
        {role && !isModerator(role) && role !== 'interpreter' && <HandControls controller={controller} state={state} />}
        {role === 'organizer' && <RecordingsPanel controller={controller} state={state} />}
      </div>
      {state.remote
        .filter((remote) => remote.track.kind === 'audio')
        .map((remote) => (
          <TrackAudio
            key={remote.consumerId}
            track={remote.track}
            participantId={remote.participantId}
            volume={volumeOf(remote, state)}
            normalisation={state.playbackGain[remote.consumerId] ?? 1}
          />
        ))}
    </main>
  );
}
