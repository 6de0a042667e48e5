import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { PeerProcess } from './peerProcess.ts';
import { TEST_SECRET } from './testServer.ts';
import type { PeerReport } from './wrtcPeer.ts';

/**
 * The French interpreter on air through `interpreterUrl` (a real WebRTC voice, a 940 Hz tone) and a
 * listener hearing French through `listenerUrl`; resolves once the listener hears her. Both peers
 * are handed to `track` as they start, to be stopped after the test even if this fails.
 */
export async function frenchChannelHeard({
  interpreterUrl,
  listenerUrl,
  sessionId,
  idPrefix,
  track,
}: {
  interpreterUrl: string;
  listenerUrl: string;
  sessionId: string;
  /** Prefix of the two participant ids (`<prefix>-amal`, `<prefix>-bilal`). */
  idPrefix: string;
  track: (peer: PeerProcess) => void;
}): Promise<{ interpreter: PeerProcess; producerId: string; listener: PeerProcess }> {
  const token = (name: string, grant: Parameters<typeof issueJoinToken>[1]['grant']) =>
    issueJoinToken(TEST_SECRET, { name, grant, sessionId, participantId: `${idPrefix}-${name.toLowerCase()}` });
  const interpreter = new PeerProcess({
    url: interpreterUrl,
    token: await token('Amal', { role: 'interpreter', language: 'fr' }),
    mode: 'send',
    source: 'interpretation',
    toneHz: 940,
  });
  track(interpreter);
  const { producerId } = await interpreter.waitFor((r): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced');
  const onAir = (await interpreter.request('booth:goOnAir')) as { ok: boolean };
  if (!onAir.ok) throw new Error(`the interpreter could not go on air: ${JSON.stringify(onAir)}`);
  const listener = new PeerProcess({ url: listenerUrl, token: await token('Bilal', { role: 'attendee' }), mode: 'receive', language: 'fr' });
  track(listener);
  await listener.framesWhere((r) => (r.byProducer[producerId] ?? 0) > 50, 20_000);
  return { interpreter, producerId, listener };
}
