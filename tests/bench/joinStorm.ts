import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { percentile } from './stats.ts';

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
  const connected: SignalingClient[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  const tokens = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      issueJoinToken(secret, { name: `Listener ${i}`, participantId: `bench-${i}`, sessionId: 'plenary-1', grant: { role: 'attendee' } }),
    ),
  );
  for (let offset = 0; offset < clients; offset += concurrency) {
    await Promise.all(
      tokens.slice(offset, offset + concurrency).map(async (token) => {
        const client = await SignalingClient.connect(url);
        connected.push(client);
        const sent = performance.now();
        const ack = await client.join(token);
        latencies.push(performance.now() - sent);
        if (!ack.ok) throw new Error(`join refused: ${ack.error.code} ${ack.error.message}`);
      }),
    );
  }
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
