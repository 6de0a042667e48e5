import i18next, { type BackendModule } from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { loadCatalogue } from './catalogues.ts';
import { directionOf, FALLBACK_LANGUAGE, INTERFACE_LANGUAGES, isInterfaceLanguage, type InterfaceLanguage } from './languages.ts';
import { initialLanguage, rememberLanguage } from './storedLanguage.ts';

/** Fetches a catalogue when i18next first needs that language (the chosen one, and English behind it). */
const lazyCatalogues: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (language, _namespace, done) => {
    if (!isInterfaceLanguage(language)) return done(null, {});
    loadCatalogue(language).then(
      (catalogue) => done(null, catalogue),
      (error: unknown) => done(error instanceof Error ? error.message : String(error), false),
    );
  },
};

/** `<html lang dir>` follow the interface: screen readers pick their voice, the layout mirrors for Arabic and Urdu. */
function markDocument(language: InterfaceLanguage): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

/**
 * Starts i18next in the language of this browser's last choice (or its preferences), with ICU
 * messages (CLDR plurals, selects, numbers). Resolves once that catalogue is in, so the first
 * render is already in the right language.
 */
export async function initInterfaceLanguage(language: InterfaceLanguage = initialLanguage()): Promise<void> {
  i18next.on('languageChanged', (changed) => {
    if (isInterfaceLanguage(changed)) markDocument(changed);
  });
  markDocument(language);
  await i18next
    .use(ICU)
    .use(lazyCatalogues)
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: FALLBACK_LANGUAGE,
      supportedLngs: INTERFACE_LANGUAGES,
      load: 'currentOnly',
      // React escapes what it renders; escaping here too would show "&amp;".
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
}

/** Switches the whole interface at once, without a reload, and remembers the choice in this browser. */
export async function switchInterfaceLanguage(language: InterfaceLanguage): Promise<void> {
  rememberLanguage(language);
  await i18next.changeLanguage(language);
}
