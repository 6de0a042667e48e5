import { INTERFACE_LANGUAGES, OWN_NAMES, isInterfaceLanguage } from './languages.ts';
import { useInterfaceLanguage } from './useInterfaceLanguage.ts';

/**
 * The interface language, each option in its own name and tagged with its language (a screen
 * reader pronounces "العربية" in Arabic). Switching re-renders the page in place: no reload, so
 * media and the session go on.
 */
export function LanguageMenu() {
  const { t, language, switchTo } = useInterfaceLanguage();
  return (
    <select
      className="language-menu"
      aria-label={t('languageMenu.label')}
      value={language}
      data-testid="language-menu"
      onChange={(event) => {
        if (isInterfaceLanguage(event.target.value)) void switchTo(event.target.value);
      }}
    >
      {INTERFACE_LANGUAGES.map((code) => (
        <option key={code} value={code} lang={code}>
          {OWN_NAMES[code]}
        </option>
      ))}
    </select>
  );
}
