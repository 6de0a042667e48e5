import { useEffect, useRef } from 'react';
import type { Ending, SessionState } from '../../state/sessionState.ts';

/** The headline for each way a session ends, and whether joining again from this page can help. */
const ENDINGS: Record<Ending, { headline: string; joinAgain?: string }> = {
  left: { headline: 'You left the session', joinAgain: 'Join again' },
  replaced: { headline: 'You opened this session in another window', joinAgain: 'Use this window instead' },
  removed: { headline: 'A moderator removed you from this session' },
  withdrawn: { headline: 'The organizers withdrew your join link' },
  expired: { headline: 'Your join link has expired' },
  badLink: { headline: 'This join link does not work' },
  notFound: { headline: 'This session does not exist' },
  refused: { headline: 'You cannot join this session' },
};

const SAID_BY_HEADLINE: ReadonlySet<Ending> = new Set(['removed', 'replaced', 'withdrawn', 'expired']);
const NEEDS_NEW_LINK: ReadonlySet<Ending> = new Set(['withdrawn', 'expired', 'badLink', 'notFound']);

/** What a person sees once they are out of the session: what happened, and what they can do. */
export function SessionEnded({ state }: { state: SessionState }) {
  const ending = ENDINGS[state.ending ?? (state.phase === 'left' ? 'left' : 'refused')];
  // Whoever had focus on a control that is gone now (a screen reader, a keyboard) hears what happened.
  const headline = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headline.current?.focus();
    document.title = `${ending.headline} — Multaqa`;
  }, [ending.headline]);
  return (
    <main className="page narrow">
      <h1 ref={headline} tabIndex={-1}>
        {ending.headline}
      </h1>
      {/* After a removal, a second window or a link that no longer holds the headline says it all. */}
      {state.notice && !SAID_BY_HEADLINE.has(state.ending ?? 'refused') && <p className="notice">{state.notice}</p>}
      {state.ending === 'replaced' && <p>This window left the session; you go on in the other one. Using this window instead ends the other.</p>}
      {state.ending === 'removed' && <p>You cannot join this session again. If you think this is a mistake, contact the organizers.</p>}
      {state.ending && NEEDS_NEW_LINK.has(state.ending) && <p>Ask the organizers for a new join link.</p>}
      {ending.joinAgain && (
        <button type="button" onClick={() => window.location.reload()}>
          {ending.joinAgain}
        </button>
      )}
    </main>
  );
}
