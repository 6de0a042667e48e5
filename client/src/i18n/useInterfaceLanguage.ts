import { useTranslation } from 'react-i18next';
import { FALLBACK_LANGUAGE, isInterfaceLanguage, type InterfaceLanguage } from './languages.ts';
import { switchInterfaceLanguage } from './init.ts';

/**
 * What a component needs to speak the interface language: `t` for messages (re-renders on a
 * switch), the language itself, and names of other languages in it ("French", "francés", "الفرنسية").
 */
export function useInterfaceLanguage() {
  const { t, i18n } = useTranslation();
  const language: InterfaceLanguage = isInterfaceLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : FALLBACK_LANGUAGE;
  return { t, language, languageName: (code: string) => languageNameIn(language, code), switchTo: switchInterfaceLanguage };
}

/** A language's name in the interface language, through the browser's CLDR data (the code where it has none). */
export function languageNameIn(interfaceLanguage: string, code: string): string {
  try {
    return new Intl.DisplayNames([interfaceLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code; // a code Intl does not accept
  }
}
