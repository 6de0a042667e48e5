import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '@multaqa/server/cli/privateRedis.ts';

const TURNSERVER = '/usr/bin/turnserver';
const UCLIENT = '/usr/bin/turnutils_uclient';
const INSTALL = 'install it with: apt-get install coturn (scripts/setup.sh test does)';

export type Coturn = {
  port: number;
  /** turnserver's process id (for a look at its command line). */
  pid: number;
  /** turn: URLs for this server over UDP and TCP, as TURN_URLS takes them. */
  urls: string[];
  /** What coturn logged so far (allocations, refused credentials). */
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * A real coturn on loopback in the TURN REST API mode the deployment uses (use-auth-secret with a
 * static-auth-secret), relaying to loopback peers (the test's SFU). Fails loudly without coturn.
 */
export async function startCoturn(
  secret: string,
  options: {
    realm?: string;
    /**
     * The deployment's coturn, started as its image starts it: through its entrypoint script,
     * which reads the secret from a file (written here) and adds it to `config`, coturn's
     * configuration; the secret is not on the command line.
     */
    deployment?: { config: string; entrypoint: string };
  } = {},
): Promise<Coturn> {
  const realm = options.realm ?? 'multaqa.test';
  if (!existsSync(TURNSERVER)) throw new Error(`coturn's turnserver not found at ${TURNSERVER}; ${INSTALL}`);
  const port = await freePort();
  // A relay range of its own near the listening port, clear of the SFU's 40000-49999.
  const relayBase = 50_000 + (port % 150) * 100;
  const dir = mkdtempSync(join(tmpdir(), 'multaqa-coturn-'));
  // With the deployment's configuration, the command line overrides where it listens and
  // relays, and lets the SFU on loopback through as docker-compose.yml lets PUBLIC_IP (coturn
  // refuses loopback peers before it reads the allowed list, hence both switches).
  const base = options.deployment
    ? ['--allowed-peer-ip=127.0.0.1', '--allow-loopback-peers']
    : [
        '-n', // no configuration file: everything is on this line
        '--use-auth-secret',
        '--allow-loopback-peers', // the SFU under test is on 127.0.0.1; a deployment never allows this
        '--fingerprint',
        '--no-cli',
        '--no-tls',
        '--no-dtls',
        '--no-rfc5780',
      ];
  const args = [
    ...base,
    '--listening-ip=127.0.0.1',
    `--listening-port=${port}`,
    '--relay-ip=127.0.0.1',
    `--min-port=${relayBase}`,
    `--max-port=${relayBase + 99}`,
    ...(options.deployment ? [] : [`--static-auth-secret=${secret}`]),
    `--realm=${realm}`,
    `--userdb=${join(dir, 'turndb')}`,
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    '--log-file=stdout',
    '--simple-log',
  ];
  let child: ChildProcess;
  if (options.deployment) {
    const secretFile = join(dir, 'turn-secret');
    writeFileSync(secretFile, secret, { mode: 0o400 });
    // The script writes coturn's configuration into a directory of its own under TMPDIR: ours, removed at stop.
    const env = { PATH: `${dirname(TURNSERVER)}:${process.env.PATH ?? ''}`, TMPDIR: dir, TURNSERVER_BASE_CONFIG: options.deployment.config, TURN_SECRET_FILE: secretFile };
    child = spawn('/bin/sh', [options.deployment.entrypoint, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  } else {
    child = spawn(TURNSERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  }
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    await listening(child, port, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    pid: child.pid!,
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    output: () => output,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(force);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function listening(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`turnserver exited before listening:\n${output()}`);
    if (/Total General servers/.test(output()) && (await accepts(port))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`turnserver did not listen on 127.0.0.1:${port} in 15 s:\n${output()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * coturn's own client allocates a relay with these credentials and sends a few messages through it
 * to itself: whether coturn accepts them. Resolves with the exit code and what it printed.
 */
export function allocateWith(coturn: Coturn, username: string, credential: string, protocol: 'udp' | 'tcp' = 'udp'): Promise<{ ok: boolean; output: string }> {
  if (!existsSync(UCLIENT)) throw new Error(`turnutils_uclient not found at ${UCLIENT}; ${INSTALL}`);
  // -c: no RTCP allocations (WebRTC muxes RTCP), so one run takes two allocations, as a transport does.
  const args = ['-p', String(coturn.port), '-u', username, '-w', credential, '-n', '3', '-m', '1', '-y', '-c', '-e', '127.0.0.1'];
  if (protocol === 'tcp') args.push('-t');
  args.push('127.0.0.1');
  return new Promise((resolve) => {
    execFile(UCLIENT, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const output = stdout + stderr;
      resolve({ ok: !error && /Total lost packets 0 /.test(output), output });
    });
  });
}

/**
 * Asks coturn, with these credentials, to relay to `peer` (coturn's own client: an allocation, a
 * permission and a channel for the peer, one message sent). Resolves whether coturn refused the
 * peer (403 Forbidden IP), with what the client printed.
 */
export function relayTo(coturn: Coturn, username: string, credential: string, peer: string): Promise<{ forbidden: boolean; output: string }> {
  if (!existsSync(UCLIENT)) throw new Error(`turnutils_uclient not found at ${UCLIENT}; ${INSTALL}`);
  const args = ['-p', String(coturn.port), '-u', username, '-w', credential, '-n', '1', '-m', '1', '-c', '-e', peer, '127.0.0.1'];
  return new Promise((resolve) => {
    execFile(UCLIENT, args, { timeout: 20_000 }, (_error, stdout, stderr) => {
      const output = stdout + stderr;
      resolve({ forbidden: /\b403\b.*Forbidden IP/i.test(output), output });
    });
  });
}
