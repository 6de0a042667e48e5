/** The interface languages, in the order the language menu lists them. English is the fallback. */
export const INTERFACE_LANGUAGES = ['ar', 'en', 'fr', 'es', 'tr', 'ur', 'ms'] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: InterfaceLanguage = 'en';

const RIGHT_TO_LEFT: ReadonlySet<InterfaceLanguage> = new Set(['ar', 'ur']);

/** Each language in its own name. Fixed, not Intl.DisplayNames: a browser without that locale's data would show a code. */
export const OWN_NAMES: Readonly<Record<InterfaceLanguage, string>> = {
  ar: 'العربية',
  en: 'English',
  fr: 'Français',
  es: 'Español',
  tr: 'Türkçe',
  ur: 'اردو',
  ms: 'Bahasa Melayu',
};

export function isInterfaceLanguage(code: unknown): code is InterfaceLanguage {
  return typeof code === 'string' && (INTERFACE_LANGUAGES as readonly string[]).includes(code);
}

export function directionOf(language: InterfaceLanguage): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

/**
 * The first of the browser's languages ("ar-EG", "fr", "en-GB"…) that the interface speaks,
 * matched on the primary subtag; English when none is.
 */
export function matchBrowserLanguages(preferred: readonly string[]): InterfaceLanguage {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isInterfaceLanguage(primary)) return primary;
  }
  return FALLBACK_LANGUAGE;
}
