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

/** Why the server refused a link, as the join page words it (refusal.<reason>.headline / .advice in the catalogues). */
export type LinkRefusal = 'removed' | 'notFound' | 'expired' | 'withdrawn' | 'invalid';

/** The server's refusal as one of the reasons the join page can word; its `message` (English, for logs) only tells expired from withdrawn. */
export function refusalReason({ code, message }: ErrorBody): LinkRefusal {
  if (code === 'FORBIDDEN') return 'removed';
  if (code === 'NOT_FOUND') return 'notFound';
  if (/expired/.test(message)) return 'expired';
  if (/withdrawn/.test(message)) return 'withdrawn';
  return 'invalid';
}
