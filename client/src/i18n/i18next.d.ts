import 'i18next';
import type { Catalogue } from './catalogues.ts';

// Keys are checked at compile time against the English catalogue: a t('typo') does not build.
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Catalogue };
  }
}
