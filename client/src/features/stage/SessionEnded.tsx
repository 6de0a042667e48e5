import type { Ending, SessionState } from '../../state/sessionState.ts';

/** The headline for each way a session ends, and whether joining again from this page can help. */
const ENDINGS: Record<Ending, { headline: string; joinAgain?: string }> = {
  left: { headline: 'You left the session', joinAgain: 'Join again' },
  replaced: { headline: 'You opened this session in another window', joinAgain: 'Use this window instead' },
  removed: { headline: 'A moderator removed you from this session' },
  badLink: { headline: 'This join link does not work' },
  notFound: { headline: 'This session does not exist' },
  refused: { headline: 'You cannot join this session' },
};

/** What a person sees once they are out of the session: what happened, and what they can do. */
export function SessionEnded({ state }: { state: SessionState }) {
  const ending = ENDINGS[state.ending ?? (state.phase === 'left' ? 'left' : 'refused')];
  return (
    <main className="page narrow">
      <h1>{ending.headline}</h1>
      {/* After a removal or a second window the headline says it all. */}
      {state.notice && state.ending !== 'removed' && state.ending !== 'replaced' && <p className="notice">{state.notice}</p>}
      {state.ending === 'replaced' && <p>This window left the session; you go on in the other one. Using this window instead ends the other.</p>}
      {state.ending === 'removed' && <p>You cannot join this session again. If you think this is a mistake, contact the organizers.</p>}
      {(state.ending === 'badLink' || state.ending === 'notFound') && <p>Ask the organizers for a new join link.</p>}
      {ending.joinAgain && (
        <button type="button" onClick={() => window.location.reload()}>
          {ending.joinAgain}
        </button>
      )}
    </main>
  );
}
