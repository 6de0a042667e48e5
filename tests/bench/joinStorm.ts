import { joinMany } from './joinMany.ts';
import { percentile } from '../support/stats.ts';

export type JoinStormResult = {
  clients: number;
  joinP50: number;
  joinP99: number;
  joinMax: number;
  /** From the last join ack until every client has seen the final participant count. */
  countFanOutMs: number;
  wallMs: number;
};

/**
 * `clients` Socket.IO clients join one session, `concurrency` at a time; each join is timed
 * from emit to ack. Then: how long until all of them were told the final participant count.
 */
export async function joinStorm(url: string, secret: string, clients: number, concurrency: number): Promise<JoinStormResult> {
  const started = performance.now();
  const { connected, joinLatencies: latencies } = await joinMany(url, secret, { clients, concurrency, sessionId: 'plenary-1', idPrefix: 'bench' });
  const lastJoin = performance.now();
  await Promise.all(connected.map((client) => client.next('session:countChanged', (p) => p.participantCount === clients, 30_000)));
  const countFanOutMs = performance.now() - lastJoin;
  const wallMs = performance.now() - started;
  for (const client of connected) client.close();
  return {
    clients,
    joinP50: percentile(latencies, 50),
    joinP99: percentile(latencies, 99),
    joinMax: Math.max(...latencies),
    countFanOutMs,
    wallMs,
  };
}
