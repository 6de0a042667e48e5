import { isInterfaceLanguage, matchBrowserLanguages, type InterfaceLanguage } from './languages.ts';

const KEY = 'multaqa.interfaceLanguage';

/** The language chosen in this browser before, else the browser's own preference (first visit). */
export function initialLanguage(): InterfaceLanguage {
  try {
    const stored = localStorage.getItem(KEY);
    if (isInterfaceLanguage(stored)) return stored;
  } catch {
    // Unreadable storage (private mode, blocked): the browser's languages decide.
  }
  return matchBrowserLanguages(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function rememberLanguage(language: InterfaceLanguage): void {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // Private mode or full storage: the choice holds for this page only.
  }
}
