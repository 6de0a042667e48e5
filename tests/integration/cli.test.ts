import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { SignalingClient } from '../support/signalingClient.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/testServer.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');

function runTokenCli(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/token.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
}

describe('npm run token', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'multaqa-cli-'));
  const env = { ...process.env, MULTAQA_STATE_DIR: stateDir, TOKEN_SECRET: '', PUBLIC_URL: 'https://conf.example.org' };

  it('prints a join link signed with the local secret', async () => {
    const result = runTokenCli(['--role', 'interpreter', '--language', 'fr', '--session', 'plenary-2', '--name', 'Amal', '--id', 'amal'], env);
    expect(result.status, result.stderr).toBe(0);
    const link = result.stdout.trim();
    expect(link).toMatch(/^https:\/\/conf\.example\.org\/join#token=/);
    const secret = readFileSync(join(stateDir, 'dev-token-secret'), 'utf8').trim();
    expect(await verifyJoinToken(secret, tokenOf(link))).toMatchObject({
      participantId: 'amal',
      name: 'Amal',
      sessionId: 'plenary-2',
      grant: { role: 'interpreter', language: 'fr' },
    });
  });

  it.each([
    [['--role', 'king', '--session', 'plenary-1', '--name', 'X'], /--role/],
    [['--role', 'interpreter', '--session', 'plenary-1', '--name', 'X'], /needs --language/],
    [['--role', 'attendee', '--session', 'Plenary One', '--name', 'X'], /--session/],
    [['--role', 'attendee', '--session', 'plenary-1'], /--name/],
    [['--bogus'], /Unknown option/],
    [['--role', 'attendee', '--session', 'plenary-1', '--name', 'X', '--ttl', String(40 * 86_400)], /--ttl: at most/],
  ])('refuses %j with a usage message', (args, message) => {
    const result = runTokenCli(args, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/usage: npm run token/);
  });

  it('refuses a short TOKEN_SECRET', () => {
    const result = runTokenCli(['--role', 'attendee', '--session', 'plenary-1', '--name', 'X'], { ...env, TOKEN_SECRET: 'short' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/TOKEN_SECRET must be at least 32/);
  });
});

describe('withdrawing join links', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const env = () => ({ ...process.env, TOKEN_SECRET: TEST_SECRET, REDIS_URL: inject('redisUrl') });
  const joins = async (token: string) => {
    const client = await SignalingClient.connect(server.url);
    try {
      return await client.join(token);
    } finally {
      client.close();
    }
  };

  it('one link by its token (the person\'s other links keep working), or every link of a person issued until then', async () => {
    const leaked = await server.token('Yusuf', { role: 'moderator' }, { participantId: 'revoke-yusuf' });
    const other = await server.token('Yusuf', { role: 'moderator' }, { participantId: 'revoke-yusuf' });
    expect((await joins(leaked)).ok).toBe(true);

    const withdrawn = runTokenCli(['--revoke', `https://conf.example.org/join#token=${leaked}`], env());
    expect(withdrawn.status, withdrawn.stderr).toBe(0);
    expect(withdrawn.stdout).toMatch(/withdrawn: the link of Yusuf \(moderator, plenary-1, token [0-9a-f-]{36}\)/);
    expect(await joins(leaked)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/withdrawn/) } });
    expect((await joins(other)).ok).toBe(true);

    // Issue times are in seconds: the person's links issued before this second are withdrawn.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const everyLink = runTokenCli(['--revoke-person', 'revoke-yusuf', '--session', 'plenary-1'], env());
    expect(everyLink.status, everyLink.stderr).toBe(0);
    expect(await joins(other)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await joins(await server.token('Yusuf', { role: 'moderator' }, { participantId: 'revoke-yusuf' }))).ok).toBe(true);
  });

  it('refuses what is not a link of this server, and needs REDIS_URL', () => {
    expect(runTokenCli(['--revoke', 'not-a-token'], env())).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a join link of this server/) });
    const noRedis: NodeJS.ProcessEnv = { ...env() };
    delete noRedis.REDIS_URL;
    expect(runTokenCli(['--revoke-person', 'someone', '--session', 'plenary-1'], noRedis)).toMatchObject({ status: 2, stderr: expect.stringMatching(/REDIS_URL/) });
  });
});

describe('npm run conference', () => {
  it('imports an agenda checked against the protocol, replaces it, and exports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'multaqa-conference-'));
    const session = (id: string) => ({
      id, conferenceId: 'cli-conf', title: `Session ${id}`, kind: 'plenary', day: 0,
      startsAt: '2027-03-01T09:00:00+03:00', endsAt: '2027-03-01T10:30:00+03:00', room: 'Hall A',
      floorLanguage: 'ar', interpretationLanguages: ['en', 'fr'], speakerTimeLimitSeconds: 300,
    });
    const conference = {
      id: 'cli-conf', title: 'CLI conference', timeZone: 'Asia/Riyadh', floorLanguage: 'ar', interpretationLanguages: ['en', 'fr'],
      days: [{ date: '2027-03-01', label: 'Day 1' }], sessions: [session('cli-one'), session('cli-two')],
    };
    const file = join(dir, 'conference.json');
    writeFileSync(file, JSON.stringify(conference));
    const env = { ...process.env, REDIS_URL: inject('redisUrl') };
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/conference.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });

    expect(run(['--import', file])).toMatchObject({ status: 0, stdout: expect.stringMatching(/imported cli-conf: 2 sessions/) });
    writeFileSync(file, JSON.stringify({ ...conference, sessions: [session('cli-one')] }));
    expect(run(['--import', file]).status).toBe(0);
    const exported = run(['--export', 'cli-conf']);
    expect(JSON.parse(exported.stdout).sessions.map((s: { id: string }) => s.id)).toEqual(['cli-one']);

    writeFileSync(file, JSON.stringify({ ...conference, sessions: [{ ...session('Bad Id'), speakerTimeLimitSeconds: 1 }] }));
    const refused = run(['--import', file]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/sessions\.0\.id/);
    expect(refused.stderr).toMatch(/sessions\.0\.speakerTimeLimitSeconds/);
  });
});

describe('the npm start launcher', () => {
  it('starts a private Redis, serves the app, prints working links for every role, and stops cleanly', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'multaqa-start-'));
    const env: NodeJS.ProcessEnv = { ...process.env, MULTAQA_STATE_DIR: stateDir, PORT: '0', HOST: '127.0.0.1', MEDIASOUP_WORKERS: '1', LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
    delete env.TOKEN_SECRET;
    delete env.PUBLIC_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner in 30 s:\n${output}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Stop with Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });

    const base = /Multaqa is running at (http:\/\/\S+)/.exec(output)?.[1];
    expect(base).toBeDefined();
    const links = Object.fromEntries(
      [...output.matchAll(/^\s{4}(.+?)\s{2,}(http\S+)$/gm)].map((match) => [match[1]!.trim(), match[2]!]),
    );
    for (const label of ['organizer', 'moderator', 'speaker', 'attendee', ...['en', 'fr', 'es', 'tr', 'ur', 'ms'].map((l) => `interpreter (${l})`)]) {
      expect(links[label], `link for ${label}`).toMatch(new RegExp(`^${base}/join#token=`));
    }
    expect(links['operator view']).toMatch(new RegExp(`^${base}/operator#token=`));
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ ok: true, redis: 'PONG' });

    const client = await SignalingClient.connect(base!);
    const joined = await client.join(tokenOf(links['interpreter (fr)']!));
    expect(joined.ok && joined.data.self.grant).toEqual({ role: 'interpreter', language: 'fr' });
    client.close();

    const redisPort = Number(/Redis: redis:\/\/127\.0\.0\.1:(\d+) \(private/.exec(output)?.[1]);
    expect(redisPort).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    // The private redis-server went with it.
    await expect(fetch(`http://127.0.0.1:${redisPort}`).catch((error: Error) => error.cause)).resolves.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
