import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { FALLBACK_LANGUAGE, INTERFACE_LANGUAGES, type InterfaceLanguage } from './languages.ts';
import { loadCatalogue } from './catalogues.ts';

/**
 * Messages that may read the same as English in a language, reviewed: brand names and what
 * is spelled alike. "<lang>:<key>", or "*:<key>" for every language.
 */
const SAME_AS_ENGLISH_ALLOWED: ReadonlySet<string> = new Set([
  '*:ended.pageTitle', // "{headline} — Multaqa": the brand stays in Latin letters
  'ms:role.moderator', // Malay borrows "moderator" as is
]);

type Tree = { [key: string]: string | Tree };

/** "a.b.c" → message, for every leaf of a catalogue. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [k, v] of flatten(value, path)) flat.set(k, v);
  }
  return flat;
}

/** The argument names a parsed ICU message uses, nested ones (inside plural/select cases) included. */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    found.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return found;
}

/** The plural arguments' case keys of a message (to check against the language's CLDR categories). */
function pluralCases(elements: MessageFormatElement[], found: string[][] = []): string[][] {
  for (const element of elements) {
    if (element.type !== TYPE.plural && element.type !== TYPE.select && element.type !== TYPE.tag) continue;
    if (element.type === TYPE.tag) pluralCases(element.children, found);
    else {
      if (element.type === TYPE.plural && element.pluralType === 'cardinal') found.push(Object.keys(element.options));
      for (const option of Object.values(element.options)) pluralCases(option.value, found);
    }
  }
  return found;
}

const catalogues = new Map<InterfaceLanguage, Map<string, string>>();
for (const language of INTERFACE_LANGUAGES) catalogues.set(language, flatten((await loadCatalogue(language)) as Tree));
const english = catalogues.get(FALLBACK_LANGUAGE)!;

describe('interface catalogues', () => {
  it('English has messages', () => {
    expect(english.size).toBeGreaterThan(50);
  });

  for (const language of INTERFACE_LANGUAGES) {
    const catalogue = catalogues.get(language)!;
    describe(language, () => {
      it('has exactly the keys of English', () => {
        expect({ missing: [...english.keys()].filter((k) => !catalogue.has(k)), extra: [...catalogue.keys()].filter((k) => !english.has(k)) }).toEqual({ missing: [], extra: [] });
      });

      it('every message parses as ICU and uses the same arguments as English', () => {
        const problems: string[] = [];
        for (const [key, message] of catalogue) {
          try {
            const used = [...argumentsOf(parse(message))].sort();
            const expected = [...argumentsOf(parse(english.get(key) ?? ''))].sort();
            if (used.join() !== expected.join()) problems.push(`${key}: {${used.join(', ')}} where English has {${expected.join(', ')}}`);
          } catch (error) {
            problems.push(`${key}: does not parse (${(error as Error).message})`);
          }
        }
        expect(problems).toEqual([]);
      });

      it("plurals give every form the language's CLDR rules have (Arabic six)", () => {
        const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        const problems: string[] = [];
        for (const [key, message] of catalogue) {
          let parsed: MessageFormatElement[];
          try {
            parsed = parse(message);
          } catch {
            continue; // said by the parsing test
          }
          for (const cases of pluralCases(parsed)) {
            const lacking = categories.filter((category) => !cases.includes(category));
            if (lacking.length > 0) problems.push(`${key}: no ${lacking.join(', ')}`);
          }
        }
        expect(problems).toEqual([]);
      });

      if (language !== FALLBACK_LANGUAGE) {
        it('is translated: no message left identical to English (but the allow-list)', () => {
          const same = [...catalogue].filter(
            ([key, message]) => message === english.get(key) && !SAME_AS_ENGLISH_ALLOWED.has(`${language}:${key}`) && !SAME_AS_ENGLISH_ALLOWED.has(`*:${key}`),
          );
          expect(same.map(([key]) => key)).toEqual([]);
        });
      }
    });
  }
});
