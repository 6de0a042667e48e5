import { useMemo } from 'react';
import { STAGE_ROLES } from '@multaqa/shared';
import { TrackAudio } from '../../components/MediaElements.tsx';
import { languageName } from '../../components/roleLabel.ts';
import { volumeOf } from '../../state/mixLevels.ts';
import type { SessionController } from '../../state/sessionController.ts';
import { useStore } from '../../state/store.ts';
import { InterpreterConsole } from '../interpretation/InterpreterConsole.tsx';
import { ListenerControls } from '../interpretation/ListenerControls.tsx';
import { HandControls } from '../moderation/HandControls.tsx';
import { ModeratorConsole } from '../moderation/ModeratorConsole.tsx';
import { SpeakerTimer } from '../moderation/SpeakerTimer.tsx';
import { SpeakerControls } from './SpeakerControls.tsx';
import { Stage } from './Stage.tsx';

const isModerator = (role: string) => role === 'moderator' || role === 'organizer';

export function SessionPage({ controller }: { controller: SessionController }) {
  const state = useStore(controller.state);
  const fit = useMemo(() => ({ layer: controller.setVideoLayer, visible: controller.setVideoVisible }), [controller]);
  const { session, self, phase, notice } = state;

  if (phase === 'left' || phase === 'ended') {
    return (
      <main className="page narrow">
        <h1>{phase === 'left' ? 'You left the session' : 'The session ended for you'}</h1>
        {notice && <p className="notice">{notice}</p>}
        <button type="button" onClick={() => window.location.reload()}>
          Join again
        </button>
      </main>
    );
  }

  return (
    <main className="page session" data-phase={phase}>
      <header className="session-header">
        <div>
          <h1>{session?.title ?? 'Joining…'}</h1>
          {session && (
            <p className="muted">
              {session.room} · floor language {languageName(session.floorLanguage)}
            </p>
          )}
        </div>
        <div className="header-right">
          <span className="count" aria-label="Participants" data-testid="participant-count">
            {state.participantCount} {state.participantCount === 1 ? 'participant' : 'participants'}
          </span>
          <button type="button" onClick={() => void controller.leave()}>
            Leave
          </button>
        </div>
      </header>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <SpeakerTimer current={state.queue.current} clockOffset={state.clockOffset} />
      {state.slowDown && (
        <p role="alert" className="notice slow-down">
          {state.slowDown}{' '}
          <button type="button" onClick={() => controller.dismissSlowDown()}>
            OK
          </button>
        </p>
      )}
      <Stage state={state} fit={fit} />
      <label className="audio-only">
        <input type="checkbox" checked={state.audioOnly} onChange={(event) => void controller.setAudioOnly(event.target.checked)} /> Audio only (no
        video)
      </label>
      {self && (STAGE_ROLES.includes(self.grant.role) || state.local.camera || state.local.microphone) && (
        <SpeakerControls controller={controller} local={state.local} />
      )}
      {self && (isModerator(self.grant.role) ? <ModeratorConsole controller={controller} state={state} /> : <HandControls controller={controller} state={state} />)}
      {self?.grant.role === 'interpreter' ? (
        <InterpreterConsole controller={controller} state={state} />
      ) : (
        <ListenerControls controller={controller} state={state} />
      )}
      {state.remote
        .filter((remote) => remote.track.kind === 'audio')
        .map((remote) => (
          <TrackAudio key={remote.consumerId} track={remote.track} participantId={remote.participantId} volume={volumeOf(remote, state)} />
        ))}
    </main>
  );
}
