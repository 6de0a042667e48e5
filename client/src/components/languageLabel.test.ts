import { describe, expect, it } from 'vitest';
import { languageLabel, nativeLanguageName } from './languageLabel.ts';

describe('language labels', () => {
  it('name a language in itself, then in English, with the native name isolated for bidi', () => {
    expect(languageLabel('ar')).toBe('\u2068العربية\u2069 — Arabic');
    expect(languageLabel('fr')).toBe('\u2068Français\u2069 — French');
    expect(languageLabel('he')).toBe('\u2068עברית\u2069 — Hebrew');
  });

  it('say English once, and fall back to the code for a language nobody knows', () => {
    expect(languageLabel('en')).toBe('English');
    expect(nativeLanguageName('qq')).toBeUndefined();
    expect(languageLabel('qq')).toBe('qq');
  });
});
