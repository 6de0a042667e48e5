import { describe, expect, it } from 'vitest';
import { directionOf, INTERFACE_LANGUAGES, matchBrowserLanguages, OWN_NAMES } from './languages.ts';

describe('choosing the interface language from the browser', () => {
  it('takes the first browser language the interface speaks, by its primary subtag', () => {
    expect(matchBrowserLanguages(['de-DE', 'ur-PK', 'en'])).toBe('ur');
    expect(matchBrowserLanguages(['AR-eg'])).toBe('ar');
    expect(matchBrowserLanguages(['ms-MY', 'ar'])).toBe('ms');
  });

  it('falls back to English when it speaks none of them', () => {
    expect(matchBrowserLanguages(['de', 'ja'])).toBe('en');
    expect(matchBrowserLanguages([])).toBe('en');
  });

  it('runs right to left for Arabic and Urdu only', () => {
    expect(INTERFACE_LANGUAGES.filter((language) => directionOf(language) === 'rtl')).toEqual(['ar', 'ur']);
  });

  it("names each language as the browser's CLDR data names it in that language", () => {
    // The fixed names are CLDR's (capitalised as a menu item), but "Bahasa Melayu" for CLDR's bare "Melayu": the name Malaysians use.
    for (const language of INTERFACE_LANGUAGES) {
      const own = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? '';
      const fixed = OWN_NAMES[language].toLocaleLowerCase(language);
      expect(language === 'ms' ? fixed.replace(/^bahasa /, '') : fixed).toBe(own.toLocaleLowerCase(language));
    }
  });
});
