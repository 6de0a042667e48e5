import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { SignalingClient } from '../support/signalingClient.ts';

/** Connects `clients` attendees to a session, `concurrency` at a time; times each join (emit → ack). */
export async function joinMany(
  url: string,
  secret: string,
  options: { clients: number; concurrency: number; sessionId: string; idPrefix: string },
): Promise<{ connected: SignalingClient[]; joinLatencies: number[] }> {
  const connected: SignalingClient[] = [];
  const joinLatencies: number[] = [];
  const tokens = await Promise.all(
    Array.from({ length: options.clients }, (_, i) =>
      issueJoinToken(secret, { name: `Listener ${i}`, participantId: `${options.idPrefix}-${i}`, sessionId: options.sessionId, grant: { role: 'attendee' } }),
    ),
  );
  for (let offset = 0; offset < options.clients; offset += options.concurrency) {
    await Promise.all(
      tokens.slice(offset, offset + options.concurrency).map(async (token) => {
        const client = await SignalingClient.connect(url);
        connected.push(client);
        const sent = performance.now();
        const ack = await client.join(token);
        joinLatencies.push(performance.now() - sent);
        if (!ack.ok) throw new Error(`join refused: ${ack.error.code} ${ack.error.message}`);
      }),
    );
  }
  return { connected, joinLatencies };
}
