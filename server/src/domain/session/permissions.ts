import { STAGE_ROLES, type MediaSource, type RoleGrant } from '@multaqa/shared';
import { DomainError } from '../errors.ts';

/** Whether this role may publish camera or microphone to the stage. */
export function mayPublishToStage(grant: RoleGrant, _source: MediaSource): boolean {
  return STAGE_ROLES.includes(grant.role);
}

/** Whether this person is listed on the stage for everyone (not one of the audience). */
export function isStageMember(grant: RoleGrant): boolean {
  return grant.role !== 'attendee';
}

export function assertMayPublish(grant: RoleGrant, source: MediaSource): void {
  if (!mayPublishToStage(grant, source)) {
    throw new DomainError('FORBIDDEN', `role '${grant.role}' may not publish ${source} to the stage`);
  }
}

/** Only people who may publish something get a send transport at all. */
export function assertMaySend(grant: RoleGrant): void {
  if (!STAGE_ROLES.includes(grant.role)) {
    throw new DomainError('FORBIDDEN', `role '${grant.role}' may not send media`);
  }
}
