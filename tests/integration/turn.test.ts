import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnCredential } from '@multaqa/server/auth/turnCredentials.ts';
import { allocateWith, relayTo, startCoturn, type Coturn } from '../support/coturn.ts';
import { ROOT } from '../support/deployFiles.ts';
import { JoinedClients } from '../support/joinedClients.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const TURN_SECRET = 'turn-secret-for-the-integration-test';
const TTL = 600;

let coturn: Coturn;
/** The deployment's coturn: deploy/turnserver.conf, started by its image's entrypoint. */
let deployed: Coturn;
let server: TestServer;
const clients = new JoinedClients();

beforeAll(async () => {
  coturn = await startCoturn(TURN_SECRET);
  deployed = await startCoturn(TURN_SECRET, {
    deployment: { config: `${ROOT}deploy/turnserver.conf`, entrypoint: `${ROOT}deploy/coturn/entrypoint.sh` },
    realm: 'conf.example.org',
  });
  server = await startTestServer({ TURN_URLS: coturn.urls.join(','), TURN_SECRET, TURN_TTL_SECONDS: String(TTL) });
});
afterAll(async () => {
  clients.closeAll();
  await server?.close();
  await coturn?.stop();
  await deployed?.stop();
});

describe('TURN credentials against a real coturn (use-auth-secret)', () => {
  it('every transport comes with the TURN servers and credentials coturn accepts, over UDP and TCP', async () => {
    const { client } = await clients.join(server.url, 'Lina', { role: 'attendee' }, 'plenary-1', 'turn-lina');
    const before = Math.floor(Date.now() / 1000);
    const transport = await client.call('media:createTransport', { direction: 'recv' });
    expect(transport.iceTransportPolicy).toBe('all');
    expect(transport.iceServers).toHaveLength(1);
    const [ice] = transport.iceServers;
    expect(ice!.urls).toEqual(coturn.urls);
    const [expiry, participant] = ice!.username.split(':');
    expect(participant).toBe('turn-lina');
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + TTL);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + TTL);

    const udp = await allocateWith(coturn, ice!.username, ice!.credential, 'udp');
    expect(udp.ok, udp.output).toBe(true);
    const tcp = await allocateWith(coturn, ice!.username, ice!.credential, 'tcp');
    expect(tcp.ok, tcp.output).toBe(true);
  });

  it('coturn refuses a credential that is tampered with, borrowed by another name, or expired', async () => {
    const { client } = await clients.join(server.url, 'Omar', { role: 'attendee' }, 'plenary-1', 'turn-omar');
    const [ice] = (await client.call('media:createTransport', { direction: 'recv' })).iceServers;
    const tampered = tamper(ice!.credential);
    expect((await allocateWith(coturn, ice!.username, tampered)).ok).toBe(false);
    const borrowed = ice!.username.replace('turn-omar', 'turn-someone-else');
    expect((await allocateWith(coturn, borrowed, ice!.credential)).ok).toBe(false);
    const expired = turnCredential(TURN_SECRET, 'turn-omar', Math.floor(Date.now() / 1000) - 60);
    expect((await allocateWith(coturn, expired.username, expired.credential)).ok).toBe(false);
    // The same scheme with a fresh expiry is accepted: what failed above was the tampering and the expiry.
    const fresh = turnCredential(TURN_SECRET, 'turn-omar', Math.floor(Date.now() / 1000) + 60);
    expect((await allocateWith(coturn, fresh.username, fresh.credential)).ok).toBe(true);
  });

  it("the deployment's coturn, started as its image starts it (deploy/turnserver.conf and the secret from a file), accepts them; no command line shows the secret", async () => {
    // The script replaced itself with turnserver (exec): the process is coturn, its command line and environment clean.
    const commandLine = readFileSync(`/proc/${deployed.pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine[0]).toBe('turnserver');
    expect(commandLine.join(' ')).not.toContain(TURN_SECRET);
    expect(readFileSync(`/proc/${deployed.pid}/environ`, 'utf8')).not.toContain(TURN_SECRET);
    const { client } = await clients.join(server.url, 'Nour', { role: 'attendee' }, 'plenary-1', 'turn-nour');
    const [ice] = (await client.call('media:createTransport', { direction: 'recv' })).iceServers;
    const udp = await allocateWith(deployed, ice!.username, ice!.credential, 'udp');
    expect(udp.ok, udp.output).toBe(true);
    const tcp = await allocateWith(deployed, ice!.username, ice!.credential, 'tcp');
    expect(tcp.ok, tcp.output).toBe(true);
    expect((await allocateWith(deployed, ice!.username, tamper(ice!.credential))).ok).toBe(false);
  });

  it("the deployment's coturn relays to the SFU's address only: not to metadata services, private networks or the internet", async () => {
    // A credential per peer, as the servers give them: one credential holds a dozen allocations at most.
    const attempt = (peer: string, index: number) => {
      const { username, credential } = turnCredential(TURN_SECRET, `turn-peer-${index}`, Math.floor(Date.now() / 1000) + 60);
      return relayTo(deployed, username, credential, peer);
    };
    // 127.0.0.1 stands for PUBLIC_IP here (allowed on the command line, as docker-compose.yml allows PUBLIC_IP).
    const peers = ['127.0.0.1', '169.254.169.254', '10.0.0.1', '192.168.1.1', '172.17.0.1', '100.100.100.200', '8.8.8.8'];
    const relayed = await Promise.all(peers.map(attempt));
    expect(relayed.map(({ forbidden }, index) => [peers[index], forbidden])).toEqual(peers.map((peer) => [peer, peer !== '127.0.0.1']));
  });

  it('a server without TURN offers none', async () => {
    const plain = await startTestServer();
    try {
      const { client } = await clients.join(plain.url, 'Sara', { role: 'speaker' }, 'plenary-1', 'turn-sara');
      expect(await client.call('media:createTransport', { direction: 'send' })).toMatchObject({ iceServers: [], iceTransportPolicy: 'all' });
    } finally {
      await plain.close();
    }
  });
});

/**
 * The credential with its first character changed. (Replacing its end with "A=" was the same
 * credential once in 16 runs: the last base64 digit before the padding is often already "A".)
 */
function tamper(credential: string): string {
  return `${credential.startsWith('A') ? 'B' : 'A'}${credential.slice(1)}`;
}
