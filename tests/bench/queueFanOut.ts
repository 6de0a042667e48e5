import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { joinMany } from './joinMany.ts';
import { percentile } from '../support/stats.ts';

export type FanOutResult = {
  clients: number;
  rounds: number;
  /** Per round: moderator action sent → the last of all clients has the new queue. */
  lastP50: number;
  lastP99: number;
  /** Every client in every round: action sent → that client has the new queue. */
  eachP50: number;
  eachP99: number;
};

/**
 * `clients` attendees watch the queue; a moderator moves an entry to the top, `rounds` times.
 * Each round waits until every client has received the resulting `queue:changed`.
 */
export async function queueFanOut(url: string, secret: string, clients: number, concurrency: number, rounds: number): Promise<FanOutResult> {
  const sessionId = 'plenary-2';
  const { connected } = await joinMany(url, secret, { clients, concurrency, sessionId, idPrefix: 'fanout' });
  const moderator = await SignalingClient.connect(url);
  const token = await issueJoinToken(secret, { name: 'Moderator', participantId: 'fanout-moderator', sessionId, grant: { role: 'moderator' } });
  const joined = await moderator.join(token);
  if (!joined.ok) throw new Error(joined.error.message);
  // Two hands up, so that "move to the top" changes the queue every round.
  for (const client of connected.slice(0, 2)) await client.call('queue:raiseHand', {});

  const lasts: number[] = [];
  const each: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // The queue is [0, 1] or [1, 0]: moving the second to the top changes it every round.
    const top = `fanout-${round % 2 === 0 ? 1 : 0}`;
    const sent = performance.now();
    const arrivals = connected.map(
      (client) =>
        new Promise<number>((resolve) => {
          const onChange = ({ queue }: { queue: { entries: Array<{ participantId: string }> } }) => {
            if (queue.entries[0]?.participantId !== top) return;
            client.socket.off('queue:changed', onChange);
            resolve(performance.now() - sent);
          };
          client.socket.on('queue:changed', onChange);
        }),
    );
    await moderator.call('queue:move', { participantId: top, toPosition: 1 });
    const times = await Promise.all(arrivals);
    lasts.push(Math.max(...times));
    each.push(...times);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  moderator.close();
  for (const client of connected) client.close();
  return {
    clients,
    rounds,
    lastP50: percentile(lasts, 50),
    lastP99: percentile(lasts, 99),
    eachP50: percentile(each, 50),
    eachP99: percentile(each, 99),
  };
}
