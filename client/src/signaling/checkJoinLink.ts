import { JOIN_LINK_CHECK_PATH, JoinLinkCheckAnswerSchema, type ErrorBody, type JoinLinkCheck } from '@multaqa/shared';

export type LinkVerdict = { ok: true; link: JoinLinkCheck } | { ok: false; error: ErrorBody } | { ok: 'unknown' };

/**
 * Asks the server whether the join link will get its holder in (genuine, not expired, not
 * withdrawn, not removed), before anyone presses Join. A server that cannot be asked gives
 * `unknown`: the join itself then says, and retries.
 */
export async function checkJoinLink(token: string): Promise<LinkVerdict> {
  try {
    const response = await fetch(JOIN_LINK_CHECK_PATH, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    const answer = JoinLinkCheckAnswerSchema.safeParse(await response.json());
    if (!answer.success) return { ok: 'unknown' };
    if (answer.data.ok) return { ok: true, link: answer.data.data };
    if (answer.data.error.code === 'UNAVAILABLE' || answer.data.error.code === 'RATE_LIMITED') return { ok: 'unknown' };
    return { ok: false, error: answer.data.error };
  } catch {
    return { ok: 'unknown' };
  }
}

/** What the join page says of a link the server refused, and what to do. */
export function refusalText({ code, message }: ErrorBody): { headline: string; advice: string } {
  if (code === 'FORBIDDEN') return { headline: 'A moderator removed you from this session', advice: 'If you think this is a mistake, contact the organizers.' };
  if (code === 'NOT_FOUND') return { headline: 'This session does not exist', advice: 'Ask the organizers for a link to the right session.' };
  if (/expired/.test(message)) return { headline: 'This join link has expired', advice: 'Ask the organizers for a new link.' };
  if (/withdrawn/.test(message)) return { headline: 'This join link was withdrawn', advice: 'Ask the organizers for a new link.' };
  return { headline: 'This join link is not valid', advice: 'Copy the whole link you were sent, or ask the organizers for a new one.' };
}
