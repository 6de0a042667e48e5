import { describe, expect, it } from 'vitest';
import { nameMatches, searchKey } from './nameSearch.ts';

describe('searching names', () => {
  it('finds an Arabic name typed with or without its marks, and with any form of alef', () => {
    const name = 'عَبْدُ الرَّحْمٰن بن إبراهيم';
    expect(nameMatches(name, 'عبد الرحمن')).toBe(true);
    expect(nameMatches(name, 'ابراهيم')).toBe(true);
    expect(nameMatches('فاطمة الزهراء', 'فاطمه')).toBe(true);
    expect(nameMatches(name, 'عبد الله')).toBe(false);
  });

  it('finds a Latin name whatever its case and accents, and a long mixed name by either part', () => {
    expect(nameMatches('Zoë Renée Çelik', 'zoe renee')).toBe(true);
    expect(nameMatches('Zoë Renée Çelik', 'CELIK')).toBe(true);
    const long = 'محمد بن عبد العزيز آل سعود (Mohammed bin Abdulaziz Al Saud)';
    expect(nameMatches(long, 'abdulaziz')).toBe(true);
    expect(nameMatches(long, 'آل سعود')).toBe(true);
    expect(nameMatches(long, '')).toBe(true);
  });

  it('folds spaces', () => {
    expect(searchKey('  Sara   Ali ')).toBe('sara ali');
  });
});
