import { useRef, type KeyboardEvent } from 'react';
import { INTERFACE_LANGUAGES, OWN_NAMES } from './languages.ts';
import { useInterfaceLanguage } from './useInterfaceLanguage.ts';

/**
 * The interface language: a disclosure (`<details>`, keyboard-ready as it is) listing each
 * language in its own name, tagged with its language (a screen reader says "العربية" in Arabic).
 * Not a `<select>`: its closed box is as wide as "Bahasa Melayu", which a phone's session header
 * has no room for; this one shows the code there. Switching re-renders the page in place, no
 * reload: media and the session go on.
 */
export function LanguageMenu() {
  const { t, language, switchTo } = useInterfaceLanguage();
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (menu.current) menu.current.open = false;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !menu.current?.open) return;
    close();
    menu.current.querySelector('summary')?.focus();
  };
  return (
    <details className="language-menu" ref={menu} onKeyDown={onKeyDown} data-testid="language-menu">
      <summary aria-label={t('languageMenu.current', { language: OWN_NAMES[language] })}>
        <span className="language-menu-name" lang={language}>
          {OWN_NAMES[language]}
        </span>
        <span className="language-menu-code" aria-hidden="true">
          {language.toUpperCase()}
        </span>
      </summary>
      <ul>
        {INTERFACE_LANGUAGES.map((code) => (
          <li key={code}>
            <button
              type="button"
              lang={code}
              aria-current={code === language ? 'true' : undefined}
              onClick={() => {
                close();
                void switchTo(code);
              }}
            >
              {OWN_NAMES[code]}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
