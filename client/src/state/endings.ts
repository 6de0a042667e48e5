import type { NotificationPayload } from '@multaqa/shared';
import type { Ending } from './sessionState.ts';

/** Join refusals after which joining again cannot help, and what the page then says happened. */
export const FINAL_JOIN_ERRORS: Readonly<Record<string, Ending>> = {
  UNAUTHENTICATED: 'badLink',
  NOT_FOUND: 'notFound',
  FORBIDDEN: 'refused',
  VALIDATION_FAILED: 'badLink',
};

type EndReason = NotificationPayload<'session:ended'>['reason'];

/**
 * The page a connection ended by the server leads to; undefined where the page joins again
 * instead (the server restarts its media or shuts down: another process takes the person).
 */
export const ENDINGS_BY_REASON: Readonly<Record<EndReason, Ending | undefined>> = {
  REPLACED: 'replaced',
  REMOVED: 'removed',
  WITHDRAWN: 'withdrawn',
  EXPIRED: 'expired',
  MEDIA_RESTARTED: undefined,
  SERVER_SHUTDOWN: undefined,
};
