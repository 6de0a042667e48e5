import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '@multaqa/shared';
import { DomainError } from '../errors.ts';
import { assertMayPublish, assertMayRemove, assertMaySend, assertOrganizer, isStageMember, mayPublish } from './permissions.ts';

const grants: RoleGrant[] = [
  { role: 'attendee' },
  { role: 'speaker' },
  { role: 'interpreter', language: 'fr' },
  { role: 'moderator' },
  { role: 'organizer' },
];

describe('stage permissions', () => {
  it.each(grants.map((grant) => [grant.role, grant] as const))('%s', (role, grant) => {
    const onStage = ['speaker', 'moderator', 'organizer'].includes(role);
    expect(mayPublish(grant, 'camera')).toBe(onStage);
    expect(mayPublish(grant, 'microphone')).toBe(onStage);
    expect(mayPublish(grant, 'interpretation')).toBe(role === 'interpreter');
    if (onStage || role === 'interpreter') expect(() => assertMaySend(grant)).not.toThrow();
    else expect(() => assertMaySend(grant)).toThrowError(/may not send media/);
  });

  it('refusing to publish is a FORBIDDEN domain error', () => {
    expect(() => assertMayPublish({ role: 'attendee' }, 'camera')).toThrowError(DomainError);
    try {
      assertMayPublish({ role: 'attendee' }, 'microphone');
    } catch (error) {
      expect((error as DomainError).code).toBe('FORBIDDEN');
    }
    expect(() => assertMayPublish({ role: 'speaker' }, 'microphone')).not.toThrow();
  });

  it('only attendees are off the stage list', () => {
    expect(grants.filter(isStageMember).map((g) => g.role)).toEqual(['speaker', 'interpreter', 'moderator', 'organizer']);
  });

  it('only organizers open the operator view', () => {
    for (const grant of grants) {
      if (grant.role === 'organizer') expect(() => assertOrganizer(grant)).not.toThrow();
      else expect(() => assertOrganizer(grant)).toThrowError(expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining(grant.role) }));
    }
  });
});

describe('removing people', () => {
  const person = (id: string, grant: RoleGrant) => ({ id, grant });
  const codeOf = (run: () => void) => {
    try {
      run();
      return 'allowed';
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it.each([
    ['moderator', 'attendee', 'allowed'],
    ['moderator', 'speaker', 'allowed'],
    ['moderator', 'interpreter', 'allowed'],
    ['moderator', 'moderator', 'FORBIDDEN'],
    ['moderator', 'organizer', 'FORBIDDEN'],
    ['organizer', 'moderator', 'allowed'],
    ['organizer', 'organizer', 'FORBIDDEN'],
    ['speaker', 'attendee', 'FORBIDDEN'],
    ['attendee', 'attendee', 'FORBIDDEN'],
  ] as const)('a %s removing a %s: %s', (actorRole, targetRole, expected) => {
    const grantOf = (role: string) => grants.find((grant) => grant.role === role)!;
    expect(codeOf(() => assertMayRemove(person('actor', grantOf(actorRole)), person('target', grantOf(targetRole))))).toBe(expected);
  });

  it('nobody removes themselves', () => {
    expect(codeOf(() => assertMayRemove(person('me', { role: 'organizer' }), person('me', { role: 'organizer' })))).toBe('INVALID_STATE');
  });
});
