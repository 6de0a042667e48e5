import { z } from 'zod';
import { ackSchema } from '../errors.ts';
import { DisplayNameSchema } from '../ids.ts';
import { SessionInfoSchema } from '../model/conference.ts';
import { RoleGrantSchema } from '../model/roles.ts';

// The join page asks the server about its link before anyone presses Join: `GET
// JOIN_LINK_CHECK_PATH` with `Authorization: Bearer <join token>` (read from the URL fragment, so
// it never reaches a log). Nobody joins by it, and it spends none of the person's joins.

/** Where the join page checks its link. */
export const JOIN_LINK_CHECK_PATH = '/api/join-link';

/** What a good link lets its holder into. */
export const JoinLinkCheckSchema = z.object({
  name: DisplayNameSchema,
  grant: RoleGrantSchema,
  session: SessionInfoSchema.pick({ id: true, title: true, room: true, startsAt: true, endsAt: true }),
  /** When the link stops working (ms since epoch). */
  expiresAt: z.number().int().nonnegative(),
});
export type JoinLinkCheck = z.infer<typeof JoinLinkCheckSchema>;

/**
 * The answer: `ok`, or why the link will not get its holder in — UNAUTHENTICATED (expired, not
 * signed by this server, withdrawn), FORBIDDEN (a moderator removed them), NOT_FOUND (no such
 * session), RATE_LIMITED, UNAVAILABLE.
 */
export const JoinLinkCheckAnswerSchema = ackSchema(JoinLinkCheckSchema);
