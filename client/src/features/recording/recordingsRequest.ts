import { RecordingListSchema, type RecordingSummary } from '@multaqa/shared';
import type { JoinLink } from '../../signaling/joinLink.ts';

/** A recordings list that has not come by then is not coming: say so (and try again). */
const LIST_TIMEOUT_MS = 15_000;

/** The session's recordings, as its organizer's link may list them (REST: the join token in the header, never the URL). */
export async function requestRecordings(link: Pick<JoinLink, 'sessionId' | 'token'>): Promise<RecordingSummary[]> {
  const response = await fetch(`/api/sessions/${encodeURIComponent(link.sessionId)}/recordings`, {
    headers: { authorization: `Bearer ${link.token}` },
    signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(response.status === 403 ? 'only organizers can see the recordings' : `the server answered ${response.status}`);
  return RecordingListSchema.parse(await response.json()).recordings;
}
