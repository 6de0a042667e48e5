import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { CharacterCount } from '../../components/CharacterCount.tsx';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { languageLabel } from '../../components/languageLabel.ts';
import { DeviceCheck } from '../join/DeviceCheck.tsx';
import { floorGivenBy } from '../../state/queueNotices.ts';
import { focusIsLost } from '../../components/useKeptFocus.ts';
import { busyProps } from '../../components/busyProps.ts';
import { controlState } from '../../state/pendingActions.ts';

/** As the protocol takes a hand's topic (queue:raiseHand). */
const TOPIC_LIMIT = 200;

/** Raise or lower your hand, see your place in the queue, and take the floor when it is given. */
export function HandControls({ controller, state }: { controller: SessionController; state: SessionState }) {
  const { self, queue } = state;
  const [topic, setTopic] = useState('');
  const topicCountId = useId();
  const [pointOfOrder, setPointOfOrder] = useState(false);
  const [language, setLanguage] = useState('');
  // Where focus goes once the button pressed is replaced by its opposite (raise ↔ lower).
  const [focusNext, setFocusNext] = useState<'lower' | 'raise' | null>(null);
  const lowerButton = useRef<HTMLButtonElement>(null);
  const raiseButton = useRef<HTMLButtonElement>(null);
  const floorHeading = useRef<HTMLHeadingElement>(null);
  const position = self ? queue.entries.findIndex((e) => e.participantId === self.id) + 1 : 0;
  const hasFloor = self !== undefined && queue.current?.participantId === self.id;
  const publishing = state.local.microphone !== undefined || state.local.camera !== undefined;
  const floorPrompt = hasFloor && !publishing;
  useEffect(() => {
    if (!focusNext) return;
    (focusNext === 'lower' ? lowerButton : raiseButton).current?.focus();
    setFocusNext(null);
  }, [focusNext, position]);
  // The floor given: the button that had focus (Lower hand) is gone; the prompt takes it, unless focus is elsewhere.
  useEffect(() => {
    if (floorPrompt && focusIsLost()) floorHeading.current?.focus();
  }, [floorPrompt]);
  // The floor taken back: the microphone's buttons went with it; the hand is where to start again.
  const hadFloor = useRef(hasFloor);
  useEffect(() => {
    const lost = hadFloor.current && !hasFloor;
    hadFloor.current = hasFloor;
    if (lost && focusIsLost()) raiseButton.current?.focus();
  }, [hasFloor]);
  if (!self) return null;
  const languages = state.session ? [state.session.floorLanguage, ...state.session.interpretationLanguages] : [];

  if (floorPrompt) {
    const givenBy = floorGivenBy(queue, self.id, state.stage);
    return (
      <section className="floor-prompt" aria-label="You have the floor">
        <h2 ref={floorHeading} tabIndex={-1}>
          You have the floor
        </h2>
        <p>
          {givenBy ? `${givenBy} ` : ''}Check your camera and microphone, then go on stage.
        </p>
        <DeviceCheck video onJoin={(stream) => void controller.publishOwnMedia(stream).then(focusOwnMicrophone)} joinLabel="Go on stage" />
      </section>
    );
  }
  // On stage with the floor: nothing to raise, but a refusal (the camera still blocked) is said here.
  if (hasFloor) return <ActionError state={state} />;

  const raise = (event: FormEvent) => {
    event.preventDefault();
    void controller
      .queueRequest('queue:raiseHand', {
        kind: pointOfOrder ? 'pointOfOrder' : 'normal',
        ...(topic.trim() ? { topic: topic.trim() } : {}),
        ...(language ? { language } : {}),
      })
      .then(() => setFocusNext('lower'));
  };
  return (
    <section className="hand-controls" aria-label="Ask to speak">
      {state.handNotice && (
        <p role="status" className="notice" data-testid="hand-notice">
          {state.handNotice}{' '}
          <button type="button" onClick={() => controller.dismissHandNotice()}>
            OK
          </button>
        </p>
      )}
      <ActionError state={state} />
      {position > 0 ? (
        <>
          <p data-testid="queue-position">
            Your hand is raised — you are number {position} in the queue.
          </p>
          <button ref={lowerButton} type="button" {...busyProps(controlState(state.pending, 'queue:lowerHand'))} onClick={() => void controller.queueRequest('queue:lowerHand', {}).then(() => setFocusNext('raise'))}>
            Lower hand
          </button>
        </>
      ) : (
        <form onSubmit={raise} className="actions">
          <input
            aria-label="Topic (optional)"
            placeholder="Topic (optional)"
            value={topic}
            maxLength={TOPIC_LIMIT}
            aria-describedby={topicCountId}
            onChange={(e) => setTopic(e.target.value)}
          />
          {topic.length > 0 && <CharacterCount id={topicCountId} length={topic.length} limit={TOPIC_LIMIT} />}
          <select aria-label="Language you will speak" value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">Language you will speak…</option>
            {languages.map((code) => (
              <option key={code} value={code}>
                {languageLabel(code)}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={pointOfOrder} onChange={(e) => setPointOfOrder(e.target.checked)} /> Point of order
          </label>
          <button ref={raiseButton} type="submit" className="primary" data-main-control="raise-hand" {...busyProps(controlState(state.pending, 'queue:raiseHand'))}>
            Raise hand
          </button>
        </form>
      )}
    </section>
  );
}

/** On stage: "Go on stage" is gone, and the speaker's own microphone button is what they need next. */
function focusOwnMicrophone(): void {
  requestAnimationFrame(() => {
    if (focusIsLost()) document.querySelector<HTMLElement>('[data-main-control="microphone"]')?.focus();
  });
}

/** Moderators and interpreters see refusals in their consoles; everyone else here. */
function ActionError({ state }: { state: SessionState }) {
  const role = state.self?.grant.role;
  if (!state.actionError || !role || ['moderator', 'organizer', 'interpreter'].includes(role)) return null;
  return (
    <p role="alert" className="notice error">
      {state.actionError}
    </p>
  );
}
