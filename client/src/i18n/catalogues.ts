import type { InterfaceLanguage } from './languages.ts';
import type english from './locales/en.json';

/** A catalogue: nested groups of ICU messages, shaped like the English one. */
export type Catalogue = typeof english;

/**
 * One dynamic import per language: the bundler makes each its own chunk, so a page fetches only
 * the language it shows (and English, the fallback), never all seven.
 */
const LOADERS: Readonly<Record<InterfaceLanguage, () => Promise<{ default: Catalogue }>>> = {
  ar: () => import('./locales/ar.json'),
  en: () => import('./locales/en.json'),
  fr: () => import('./locales/fr.json'),
  es: () => import('./locales/es.json'),
  tr: () => import('./locales/tr.json'),
  ur: () => import('./locales/ur.json'),
  ms: () => import('./locales/ms.json'),
};

export async function loadCatalogue(language: InterfaceLanguage): Promise<Catalogue> {
  return (await LOADERS[language]()).default;
}
