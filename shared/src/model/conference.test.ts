import { describe, expect, it } from 'vitest';
import { RoleGrantSchema } from './roles.ts';
import { SessionInfoSchema } from './conference.ts';

describe('role grants', () => {
  it('an interpreter must name the language they interpret into', () => {
    expect(RoleGrantSchema.safeParse({ role: 'interpreter', language: 'fr' }).success).toBe(true);
    expect(RoleGrantSchema.safeParse({ role: 'interpreter' }).success).toBe(false);
    expect(RoleGrantSchema.safeParse({ role: 'interpreter', language: 'French' }).success).toBe(false);
  });

  it('unknown roles are rejected', () => {
    expect(RoleGrantSchema.safeParse({ role: 'admin' }).success).toBe(false);
  });
});

describe('session info', () => {
  const session = {
    id: 'plenary-1',
    conferenceId: 'demo',
    title: 'Opening',
    kind: 'plenary',
    day: 0,
    startsAt: '2026-12-05T09:00:00Z',
    endsAt: '2026-12-05T10:30:00Z',
    room: 'Main hall',
    floorLanguage: 'ar',
    interpretationLanguages: ['en', 'fr'],
    speakerTimeLimitSeconds: 300,
  };

  it('accepts a complete session', () => {
    expect(SessionInfoSchema.parse(session)).toEqual(session);
  });

  it.each([
    ['id', 'Plenary 1'],
    ['kind', 'party'],
    ['floorLanguage', 'arabic'],
    ['startsAt', 'tomorrow'],
    ['speakerTimeLimitSeconds', 0],
  ])('rejects a bad %s', (field, value) => {
    expect(SessionInfoSchema.safeParse({ ...session, [field]: value }).success).toBe(false);
  });
});
