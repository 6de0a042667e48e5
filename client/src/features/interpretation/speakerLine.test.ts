import { describe, expect, it } from 'vitest';
import { speakerLine } from './speakerLine.ts';

describe('speakerLine', () => {
  it('names the language the speaker gave, says when none was given, and says who is there when nobody is', () => {
    expect(speakerLine({ name: 'Sara', language: 'fr' }, 'nobody waiting')).toBe('Sara · French');
    expect(speakerLine({ name: 'Keyboard Kim' }, 'nobody waiting')).toBe('Keyboard Kim · language not given');
    expect(speakerLine(undefined, 'nobody waiting')).toBe('nobody waiting');
  });
});
