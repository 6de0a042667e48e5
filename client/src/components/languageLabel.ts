import { languageName } from './roleLabel.ts';

/** Unicode first-strong isolate … pop directional isolate: an RTL name never reorders the text around it. */
const FSI = '\u2068';
const PDI = '\u2069';

/** A language's name in that language ("العربية", "Français"), or undefined when the browser does not know it. */
export function nativeLanguageName(code: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code);
    if (!name) return undefined;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return undefined; // a code the browser's Intl does not accept
  }
}

/**
 * "العربية — Arabic": the name people of that language look for, then English, for plain-text
 * places (a select's options) where no markup can isolate it. English alone when both are the same.
 */
export function languageLabel(code: string): string {
  const english = languageName(code);
  const native = nativeLanguageName(code);
  if (!native || native === english) return english;
  return `${FSI}${native}${PDI} — ${english}`;
}
