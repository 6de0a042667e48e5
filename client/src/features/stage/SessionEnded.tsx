import { useEffect, useRef } from 'react';
import type { Ending, SessionState } from '../../state/sessionState.ts';
import { useInterfaceLanguage } from '../../i18n/useInterfaceLanguage.ts';
import { LanguageMenu } from '../../i18n/LanguageMenu.tsx';

/** Where joining again from this page can help, and the button's words (ended.* in the catalogues). */
const JOIN_AGAIN: Partial<Record<Ending, 'joinAgain' | 'useThisWindow'>> = { left: 'joinAgain', replaced: 'useThisWindow' };
/** What more each ending says under its headline; the headline alone where it says it all. */
const DETAIL: Partial<Record<Ending, 'replacedDetail' | 'removedDetail' | 'refusedDetail' | 'newLink'>> = {
  replaced: 'replacedDetail',
  removed: 'removedDetail',
  refused: 'refusedDetail',
  withdrawn: 'newLink',
  expired: 'newLink',
  badLink: 'newLink',
  notFound: 'newLink',
};

/** What a person sees once they are out of the session: what happened, and what they can do. */
export function SessionEnded({ state }: { state: SessionState }) {
  const { t } = useInterfaceLanguage();
  const ending: Ending = state.ending ?? (state.phase === 'left' ? 'left' : 'refused');
  const headlineText = t(`ended.headline.${ending}`);
  // Whoever had focus on a control that is gone now (a screen reader, a keyboard) hears what happened.
  const headline = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headline.current?.focus();
  }, [ending]);
  useEffect(() => {
    document.title = t('ended.pageTitle', { headline: headlineText });
  }, [t, headlineText]);
  const detail = DETAIL[ending];
  const joinAgain = JOIN_AGAIN[ending];
  return (
    <main className="page narrow">
      <LanguageMenu />
      <h1 ref={headline} tabIndex={-1}>
        {headlineText}
      </h1>
      {detail && <p>{t(`ended.${detail}`)}</p>}
      {/* In a paragraph: its margin keeps the button off the headline when no detail comes between. */}
      {joinAgain && (
        <p>
          <button type="button" onClick={() => window.location.reload()}>
            {t(`ended.${joinAgain}`)}
          </button>
        </p>
      )}
    </main>
  );
}
