import { useEffect, useMemo, useState } from 'react';
import type { Participant } from '@multaqa/shared';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { LatestRead } from './latestRead.ts';

/**
 * Everyone in the session, as the server lists them, kept current: read again whenever the
 * count or the stage changes, every 10 s while shown, and 2 s after a read that failed (a
 * moderator's list once stayed one joiner short for good after one read timed out).
 */
export function useParticipants(controller: SessionController, state: SessionState): { participants: Participant[]; refresh: () => void } {
  const [participants, setParticipants] = useState<Participant[]>([]);
  const reads = useMemo(() => new LatestRead(() => controller.listParticipants(), setParticipants, { everyMs: 10_000, retryMs: 2_000 }), [controller]);
  useEffect(() => {
    reads.start();
    return () => reads.stop();
  }, [reads]);
  // Read again whenever the room changes (on the first render too: a second read, of which only the answer counts).
  useEffect(() => reads.refresh(), [reads, state.participantCount, state.stage.length]);
  return { participants, refresh: () => reads.refresh() };
}
