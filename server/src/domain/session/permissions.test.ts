import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '@multaqa/shared';
import { DomainError } from '../errors.ts';
import { assertMayPublish, assertMaySend, isStageMember, mayPublish } from './permissions.ts';

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
});
