import { useEffect, useState } from 'react';
import type { OperatorOverview } from '@multaqa/shared';
import { requestOverview, type OverviewAnswer } from './overviewRequest.ts';

/** How often the page asks again (the server shares one answer per second among organizers). */
const REFRESH_MS = 2_000;

export type OverviewState = {
  overview?: OperatorOverview;
  refused?: Extract<OverviewAnswer, { kind: 'refused' }>;
  /** The last refresh failed; `overview` is the one before. */
  problem?: string;
};

/** The session's overview, refreshed every two seconds until the server refuses the link. */
export function useOverview(token: string): OverviewState {
  const [state, setState] = useState<OverviewState>({});
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      const answer = await requestOverview(token);
      if (stopped) return;
      if (answer.kind === 'overview') setState({ overview: answer.overview });
      else if (answer.kind === 'refused') setState({ refused: answer });
      else setState((previous) => ({ ...previous, problem: answer.message }));
      if (answer.kind !== 'refused') timer = setTimeout(() => void refresh(), REFRESH_MS);
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token]);
  return state;
}
