import type { OperatorOverview } from '@multaqa/shared';
import { secondsLeft, timeLeftText } from '../moderation/SpeakerTimer.tsx';

/** The speaker queue's length and who has the floor (time left as of the overview, on the server's clock). */
export function QueuePanel({ overview }: { overview: OperatorOverview }) {
  const { length, current } = overview.queue;
  return (
    <section className="operator-panel" aria-labelledby="operator-queue">
      <h2 id="operator-queue">Floor and queue</h2>
      <p data-testid="current-speaker">
        {current ? (
          <>
            <strong>{current.name}</strong> has the floor — {timeLeftText(secondsLeft(current, overview.at))}
          </>
        ) : (
          'Nobody has the floor.'
        )}
      </p>
      <p data-testid="queue-length">{length === 0 ? 'No hands raised.' : `${length} ${length === 1 ? 'hand' : 'hands'} raised.`}</p>
    </section>
  );
}
