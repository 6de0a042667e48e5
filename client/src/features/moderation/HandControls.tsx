import { useState, type FormEvent } from 'react';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { languageName } from '../../components/roleLabel.ts';
import { DeviceCheck } from '../join/DeviceCheck.tsx';

/** Raise or lower your hand, see your place in the queue, and take the floor when it is given. */
export function HandControls({ controller, state }: { controller: SessionController; state: SessionState }) {
  const { self, queue } = state;
  const [topic, setTopic] = useState('');
  const [pointOfOrder, setPointOfOrder] = useState(false);
  const [language, setLanguage] = useState('');
  if (!self) return null;
  const languages = state.session ? [state.session.floorLanguage, ...state.session.interpretationLanguages] : [];
  const position = queue.entries.findIndex((e) => e.participantId === self.id) + 1;
  const hasFloor = queue.current?.participantId === self.id;
  const publishing = state.local.microphone !== undefined || state.local.camera !== undefined;

  if (hasFloor && !publishing) {
    return (
      <section className="floor-prompt" aria-label="You have the floor">
        <h2>You have the floor</h2>
        <p>Check your camera and microphone, then go on stage.</p>
        <DeviceCheck video onJoin={(stream) => void controller.takeTheFloor(stream)} joinLabel="Go on stage" />
      </section>
    );
  }
  if (hasFloor) return null;

  const raise = (event: FormEvent) => {
    event.preventDefault();
    void controller.queueRequest('queue:raiseHand', {
      kind: pointOfOrder ? 'pointOfOrder' : 'normal',
      ...(topic.trim() ? { topic: topic.trim() } : {}),
      ...(language ? { language } : {}),
    });
  };
  return (
    <section className="hand-controls" aria-label="Ask to speak">
      {position > 0 ? (
        <>
          <p data-testid="queue-position">
            Your hand is raised — you are number {position} in the queue.
          </p>
          <button type="button" onClick={() => void controller.queueRequest('queue:lowerHand', {})}>
            Lower hand
          </button>
        </>
      ) : (
        <form onSubmit={raise} className="actions">
          <input aria-label="Topic (optional)" placeholder="Topic (optional)" value={topic} maxLength={200} onChange={(e) => setTopic(e.target.value)} />
          <select aria-label="Language you will speak" value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">Language you will speak…</option>
            {languages.map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={pointOfOrder} onChange={(e) => setPointOfOrder(e.target.checked)} /> Point of order
          </label>
          <button type="submit" className="primary">
            Raise hand
          </button>
        </form>
      )}
    </section>
  );
}
