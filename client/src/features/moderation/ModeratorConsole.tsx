import { useRef, useState } from 'react';
import type { FloorHolder, QueueEntry } from '@multaqa/shared';
import { ClampedText } from '../../components/ClampedText.tsx';
import { languageName } from '../../components/roleLabel.ts';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { useKeptFocus } from '../../components/useKeptFocus.ts';
import { describeQueueChange } from '../../state/queueNotices.ts';
import { RecordingControls } from '../recording/RecordingControls.tsx';
import { FloorSound } from '../sound/FloorSound.tsx';
import { ParticipantList } from './ParticipantList.tsx';
import { formatTimeLimit, MAX_SECONDS, parseTimeLimit } from './timeLimit.ts';
import { busyProps } from '../../components/busyProps.ts';
import { controlState, type PendingActions } from '../../state/pendingActions.ts';

/** The room's controls: the queue, the floor and its time limit, muting, and the participant list. */
export function ModeratorConsole({ controller, state }: { controller: SessionController; state: SessionState }) {
  const { queue, session, pending } = state;
  const act = controller.queueRequest.bind(controller);
  const lastChange = describeQueueChange(queue, state.self?.id, state.stage);
  const consoleSection = useRef<HTMLElement>(null);
  const queueHeading = useRef<HTMLHeadingElement>(null);
  useKeptFocus(consoleSection, queueHeading);
  return (
    <section className="moderator-console" aria-label="Moderator console" ref={consoleSection}>
      <RecordingControls controller={controller} state={state} />
      <h2 tabIndex={-1} data-main-control="queue" ref={queueHeading}>
        Speaker queue
      </h2>
      <div className="actions">
        <button type="button" className="primary" disabled={queue.entries.length === 0} {...busyProps(controlState(pending, 'floor:next'))} onClick={() => void act('floor:next', {})}>
          Next speaker
        </button>
        <button type="button" disabled={!queue.current} {...busyProps(controlState(pending, 'floor:take'))} onClick={() => void act('floor:take', {})}>
          Take the floor
        </button>
        <ConfirmButton
          disabled={queue.entries.length === 0}
          pending={controlState(pending, 'queue:lowerAll')}
          question={`Lower ${queue.entries.length === 1 ? 'the one raised hand' : `all ${queue.entries.length} raised hands`}? Everyone waiting leaves the queue.`}
          confirmLabel="Lower all hands now"
          onConfirm={() => void act('queue:lowerAll', {})}
        >
          Lower all hands
        </ConfirmButton>
        <ConfirmButton
          pending={controlState(pending, 'moderation:muteAll')}
          question="Mute everyone's microphone? Moderators stay unmuted; each person can unmute themselves."
          confirmLabel="Mute all now"
          onConfirm={() => void controller.moderatePeople('moderation:muteAll', {})}
        >
          Mute all
        </ConfirmButton>
        {queue.current && <TurnTime controller={controller} current={queue.current} clockOffset={state.clockOffset} pending={pending} />}
        {queue.current && <MuteWhenTimeIsUp controller={controller} current={queue.current} pending={pending} />}
      </div>
      {state.actionError && (
        <p role="alert" className="notice error">
          {state.actionError}
        </p>
      )}
      {queue.current && state.queueAbsent.includes(queue.current.participantId) && (
        <p role="status" className="notice" data-testid="floor-absent">
          {queue.current.name} has the floor but is not connected. Take the floor back, or wait for them to reconnect.
        </p>
      )}
      {/* One place for how the floor sounds: the quiet line, or in its place the warning. A phone
          keeps its first screen for the queue: there only the warning shows. */}
      <FloorSound state={state} quietLineOnPhones={false} />
      {lastChange && (
        <p className="muted queue-change" aria-live="polite" data-testid="queue-change">
          {lastChange}
        </p>
      )}
      {queue.entries.length === 0 ? (
        <p className="muted">No hands raised.</p>
      ) : (
        <ol className="queue" aria-label="Queue">
          {queue.entries.map((entry, index) => (
            <QueueRow
              key={entry.participantId}
              entry={entry}
              position={index + 1}
              last={index === queue.entries.length - 1}
              controller={controller}
              defaultLimit={session?.speakerTimeLimitSeconds}
              absent={state.queueAbsent.includes(entry.participantId)}
              pending={pending}
            />
          ))}
        </ol>
      )}
      <ParticipantList controller={controller} state={state} />
    </section>
  );
}

function QueueRow(props: { entry: QueueEntry; position: number; last: boolean; controller: SessionController; defaultLimit?: number; absent: boolean; pending: PendingActions }) {
  const { entry, position, last, controller, absent, pending } = props;
  const moving = busyProps(controlState(pending, 'queue:move', entry.participantId));
  const move = (toPosition: number) => void controller.queueRequest('queue:move', { participantId: entry.participantId, toPosition });
  return (
    <li data-participant={entry.participantId} data-absent={absent}>
      <span className="queue-name">
        {position}. {entry.name}
        {absent && <span className="badge absent">not connected</span>}
        {entry.kind === 'pointOfOrder' && <span className="badge">point of order</span>}
        {entry.topic && (
          <span className="muted">
            {' — '}
            <ClampedText text={entry.topic} />
          </span>
        )}
        {entry.language && <span className="muted"> ({languageName(entry.language)})</span>}
      </span>
      <span className="row-actions">
        <button type="button" aria-label={`Give the floor to ${entry.name}`} {...busyProps(controlState(pending, 'floor:give', entry.participantId))} onClick={() => void controller.queueRequest('floor:give', { participantId: entry.participantId })}>
          Give the floor
        </button>
        <button type="button" aria-label={`Move ${entry.name} to the top`} disabled={position === 1} {...moving} onClick={() => move(1)}>
          Top
        </button>
        <button type="button" aria-label={`Move ${entry.name} up`} disabled={position === 1} {...moving} onClick={() => move(position - 1)}>
          ↑
        </button>
        <button type="button" aria-label={`Move ${entry.name} down`} disabled={last} {...moving} onClick={() => move(position + 1)}>
          ↓
        </button>
        <button type="button" aria-label={`Remove ${entry.name} from the queue`} {...busyProps(controlState(pending, 'queue:remove', entry.participantId))} onClick={() => void controller.queueRequest('queue:remove', { participantId: entry.participantId })}>
          Remove
        </button>
      </span>
    </li>
  );
}

/** The current turn's limit: typed as m:ss, or one more minute at a click (which also ends a time-up mute). */
function TurnTime({ controller, current, clockOffset, pending }: { controller: SessionController; current: FloorHolder; clockOffset: number; pending: PendingActions }) {
  const [refused, setRefused] = useState(false);
  // One change of the limit at a time: the field waits, read-only, while one is on its way.
  const limitRequest = controlState(pending, 'floor:setTimeLimit');
  const setLimit = (limitSeconds: number) => void controller.queueRequest('floor:setTimeLimit', { limitSeconds });
  // One more minute from now, for a speaker already over time; from the deadline otherwise.
  const oneMoreMinute = () => {
    const from = Math.max(current.startedAt + current.limitSeconds * 1000, Date.now() + clockOffset);
    setLimit(Math.min(MAX_SECONDS, Math.ceil((from + 60_000 - current.startedAt) / 1000)));
  };
  return (
    <>
      <label className={limitRequest.busy ? 'busy' : undefined}>
        Time limit{' '}
        <input
          readOnly={limitRequest.waiting}
          aria-busy={limitRequest.busy || undefined}
          type="text"
          inputMode="numeric"
          aria-label="Time limit (m:ss)"
          size={6}
          defaultValue={formatTimeLimit(current.limitSeconds)}
          key={`${current.participantId}-${current.startedAt}-${current.limitSeconds}`}
          onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
          aria-invalid={refused}
          onBlur={(event) => {
            if (limitRequest.waiting) return;
            const limitSeconds = parseTimeLimit(event.target.value);
            setRefused(limitSeconds === undefined);
            if (limitSeconds === undefined) event.target.value = formatTimeLimit(current.limitSeconds);
            else if (limitSeconds !== current.limitSeconds) setLimit(limitSeconds);
          }}
        />
      </label>
      {refused && (
        <span role="alert" className="notice error">
          A time limit is minutes (5) or m:ss (2:30), from 0:10 to 240:00.
        </span>
      )}
      {/* The name starts with what it does and holds what it shows (axe: label-content-name-mismatch). */}
      <button type="button" aria-label="Give one more minute: +1 min" {...busyProps(limitRequest)} onClick={oneMoreMinute}>
        +1 min
      </button>
    </>
  );
}

/**
 * Whether the speaker's microphone goes off when the time is up. While the change is on its way
 * the box shows what was asked for and takes no click: a second one would switch it back.
 */
function MuteWhenTimeIsUp({ controller, current, pending }: { controller: SessionController; current: FloorHolder; pending: PendingActions }) {
  const control = controlState(pending, 'floor:setTimeLimit');
  const checked = control.wants ?? current.onTimeUp === 'mute';
  return (
    <label className={control.busy ? 'busy' : undefined}>
      <input
        type="checkbox"
        checked={checked}
        aria-busy={control.busy || undefined}
        aria-disabled={control.waiting || undefined}
        onChange={(event) =>
          void controller.queueRequest('floor:setTimeLimit', { limitSeconds: current.limitSeconds, onTimeUp: event.target.checked ? 'mute' : 'notify' }, event.target.checked)
        }
      />{' '}
      Mute when time is up
    </label>
  );
}
