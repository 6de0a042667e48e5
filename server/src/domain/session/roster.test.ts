import { describe, expect, it } from 'vitest';
import type { Participant } from '@multaqa/shared';
import { Roster } from './roster.ts';

const person = (id: string, role: Participant['grant']['role'] = 'attendee'): Participant => ({
  id,
  name: `Person ${id}`,
  grant: role === 'interpreter' ? { role, language: 'en' } : ({ role } as Participant['grant']),
});

describe('Roster', () => {
  it('counts people, not connections', () => {
    const roster = new Roster();
    roster.join(person('a'), 'c1');
    roster.join(person('b'), 'c2');
    roster.join(person('a'), 'c3');
    expect(roster.count).toBe(2);
  });

  it('a second join of the same person replaces the first connection', () => {
    const roster = new Roster();
    expect(roster.join(person('a'), 'c1').replaced).toBeUndefined();
    expect(roster.join(person('a'), 'c2').replaced).toBe('c1');
    expect(roster.connectionOf('a')).toBe('c2');
  });

  it('rejoining on the same connection replaces nothing', () => {
    const roster = new Roster();
    roster.join(person('a'), 'c1');
    expect(roster.join(person('a'), 'c1').replaced).toBeUndefined();
  });

  it('a replaced connection leaving late does not remove the person', () => {
    const roster = new Roster();
    roster.join(person('a'), 'c1');
    roster.join(person('a'), 'c2');
    expect(roster.leave('a', 'c1')).toBe(false);
    expect(roster.has('a')).toBe(true);
    expect(roster.leave('a', 'c2')).toBe(true);
    expect(roster.isEmpty).toBe(true);
  });

  it('leaving twice or leaving unknown people changes nothing', () => {
    const roster = new Roster();
    roster.join(person('a'), 'c1');
    expect(roster.leave('zz', 'c1')).toBe(false);
    expect(roster.leave('a', 'c1')).toBe(true);
    expect(roster.leave('a', 'c1')).toBe(false);
    expect(roster.count).toBe(0);
  });

  it('the stage lists everyone but the audience, in join order', () => {
    const roster = new Roster();
    roster.join(person('att', 'attendee'), 'c1');
    roster.join(person('spk', 'speaker'), 'c2');
    roster.join(person('int', 'interpreter'), 'c3');
    roster.join(person('mod', 'moderator'), 'c4');
    expect(roster.stage().map((p) => p.id)).toEqual(['spk', 'int', 'mod']);
  });
});
