/** Arabic marks a name may or may not be written with (harakat, the superscript alef, tatweel). */
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
/** The forms of alef, ya and ta marbuta people type interchangeably. */
const ARABIC_LETTERS: Record<string, string> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ئ': 'ي', 'ؤ': 'و', 'ة': 'ه' };

/**
 * A name as a search compares it: Unicode-normalised, case and accents folded, Arabic marks
 * dropped and interchangeable letters made one, runs of spaces made one — so "Abdul-Rahman",
 * "عبد الرحمن" and "عَبْدُ الرَّحْمٰن" are found whichever way they are typed.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(ARABIC_MARKS, '')
    .replace(/[أإآٱىئؤة]/g, (letter) => ARABIC_LETTERS[letter]!)
    .toLocaleLowerCase('en')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `name` contains what was typed into the search box. */
export function nameMatches(name: string, search: string): boolean {
  return searchKey(name).includes(searchKey(search));
}
