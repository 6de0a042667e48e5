// Child process of `npm run bench` (it loads wrtc, which must leave through process.exit()).
// The load for the moderator benchmark: two speakers on stage (a voice and a camera each), then,
// on "join" from its parent, `listeners` real WebRTC listeners joining and consuming both, twenty
// at a time. Lines of JSON on stdout say where it is: {ready, producers}, then {joined, wallMs}.
// Usage: node --import tsx tests/bench/moderatorLoad.ts '<json ModeratorLoadOptions>'
import { createInterface } from 'node:readline';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import type { RoleGrant } from '@multaqa/shared';
import { NodePeer } from '../support/nodeWebRtc.ts';

export type ModeratorLoadOptions = { url: string; secret: string; sessionId: string; listeners: number };
export type ModeratorLoadReport = { ready: true; producers: string[] } | { joined: true; wallMs: number };

const say = (report: ModeratorLoadReport) => process.stdout.write(`${JSON.stringify(report)}\n`);

async function main(options: ModeratorLoadOptions): Promise<void> {
  const token = (name: string, grant: RoleGrant, id: string) => issueJoinToken(options.secret, { name, grant, sessionId: options.sessionId, participantId: id });
  const peers: NodePeer[] = [];
  const join = async (name: string, grant: RoleGrant, id: string) => {
    const peer = await NodePeer.join(options.url, await token(name, grant, id));
    peers.push(peer);
    return peer;
  };
  const commands = createInterface({ input: process.stdin });
  const next = () => new Promise<string>((resolve) => commands.once('line', resolve));
  try {
    const producers: string[] = [];
    for (const name of ['Khadija', 'Yusuf']) {
      const speaker = await join(name, { role: 'speaker' }, `bench-${name.toLowerCase()}`);
      producers.push(await speaker.publishTone('microphone', 440), await speaker.publishCamera());
    }
    say({ ready: true, producers });
    if ((await next()) !== 'join') return;
    const started = performance.now();
    for (let i = 0; i < options.listeners; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, options.listeners - i) }, async (_, k) => {
          const peer = await join(`Listener ${i + k}`, { role: 'attendee' }, `bench-listener-${i + k}`);
          for (const producerId of producers) await peer.receive(producerId, () => undefined);
        }),
      );
    }
    say({ joined: true, wallMs: performance.now() - started });
    await next(); // "stop"
  } finally {
    commands.close();
    for (const peer of peers) peer.close();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as ModeratorLoadOptions).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
