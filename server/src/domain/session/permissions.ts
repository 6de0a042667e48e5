import { STAGE_ROLES, type MediaSource, type RoleGrant } from '@multaqa/shared';
import { DomainError } from '../errors.ts';

/**
 * Who may publish what: stage roles their camera and microphone, interpreters their voice on
 * their own channel (which channel is decided by the booth, not here).
 */
export function mayPublish(grant: RoleGrant, source: MediaSource, hasFloor = false): boolean {
  if (source === 'interpretation') return grant.role === 'interpreter';
  return STAGE_ROLES.includes(grant.role) || hasFloor;
}

/** Whether this person is listed on the stage for everyone (not one of the audience). */
export function isStageMember(grant: RoleGrant): boolean {
  return grant.role !== 'attendee';
}

export function assertMayPublish(grant: RoleGrant, source: MediaSource, hasFloor = false): void {
  if (!mayPublish(grant, source, hasFloor)) {
    throw new DomainError('FORBIDDEN', `role '${grant.role}' may not publish ${source}`);
  }
}

/** Only people who may publish something get a send transport at all. */
export function assertMaySend(grant: RoleGrant, hasFloor = false): void {
  if (!STAGE_ROLES.includes(grant.role) && grant.role !== 'interpreter' && !hasFloor) {
    throw new DomainError('FORBIDDEN', `role '${grant.role}' may not send media`);
  }
}

/** Only moderators and organizers run the room (the speaker queue, the floor). */
export function isModerator(grant: RoleGrant): boolean {
  return grant.role === 'moderator' || grant.role === 'organizer';
}

export function assertModerator(grant: RoleGrant): void {
  if (!isModerator(grant)) throw new DomainError('FORBIDDEN', `only moderators can do this; you are ${grant.role === 'attendee' ? 'an' : 'a'} ${grant.role}`);
}

/**
 * Who may remove whom from a session: moderators the audience, speakers and interpreters;
 * organizers moderators too; nobody an organizer (they own the event) or themselves.
 */
export function assertMayRemove(actor: { id: string; grant: RoleGrant }, target: { id: string; grant: RoleGrant }): void {
  assertModerator(actor.grant);
  if (actor.id === target.id) throw new DomainError('INVALID_STATE', 'you cannot remove yourself; leave the session instead');
  if (target.grant.role === 'organizer') throw new DomainError('FORBIDDEN', 'organizers cannot be removed from a session');
  if (target.grant.role === 'moderator' && actor.grant.role !== 'organizer') {
    throw new DomainError('FORBIDDEN', 'only an organizer can remove a moderator');
  }
}

/** Only organizers see the operator view (every process's load, every booth's levels). */
export function assertOrganizer(grant: RoleGrant): void {
  if (grant.role !== 'organizer') {
    const article = grant.role === 'attendee' || grant.role === 'interpreter' ? 'an' : 'a';
    throw new DomainError('FORBIDDEN', `the operator view is for organizers; this join link is for ${article} ${grant.role}`);
  }
}
