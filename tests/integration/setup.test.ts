import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/deployFiles.ts';

// scripts/setup.sh run for real, in a copy of the repository's scripts, with a PATH of our own:
// the real shell tools, and stand-ins for what would change the machine (apt-get, systemctl,
// service) that write down how they were called. The commands a package provides are stand-in
// scripts too, present or not as each test needs.

const TOOLS = ['bash', 'node', 'id', 'sha256sum', 'cut', 'dirname', 'cat', 'grep', 'mkdir', 'ln', 'readlink', 'ldd', 'env', 'sh', 'chmod'];

let dir: string;
let bin: string;
let calls: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multaqa-setup-'));
  bin = join(dir, 'bin');
  calls = join(dir, 'calls.log');
  mkdirSync(bin);
  for (const tool of new Set(TOOLS)) {
    const real = which(tool);
    if (!real) throw new Error(`${tool} is not on this machine's PATH`);
    symlinkSync(real, join(bin, tool));
  }
  mkdirSync(join(dir, 'repo', 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'repo', 'server'));
  copyFileSync(join(ROOT, 'scripts/setup.sh'), join(dir, 'repo/scripts/setup.sh'));
  copyFileSync(join(ROOT, 'server/package.json'), join(dir, 'repo/server/package.json'));
  // The worker build, stood in for: it records that it ran and leaves an executable behind.
  writeFileSync(
    join(dir, 'repo/scripts/build-mediasoup-worker.sh'),
    '#!/usr/bin/env bash\necho "built $MEDIASOUP_VERSION" >> "$CALLS"\nmkdir -p "$(dirname "$INSTALL_BIN")"\nprintf "#!/bin/sh\\n" > "$INSTALL_BIN"\nchmod +x "$INSTALL_BIN"\n',
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function which(tool: string): string | undefined {
  const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** A command that only records its call (and exits with `status`). */
function stub(name: string, body = '', status = 0): void {
  const path = join(bin, name);
  // Replaces a symlinked real tool (id): writing through the link would overwrite the machine's own.
  rmSync(path, { force: true });
  writeFileSync(path, `#!/bin/sh\necho "${name} $*" >> "${calls}"\n${body}\nexit ${status}\n`);
  chmodSync(path, 0o755);
}

/** Packages' commands, as if installed. */
function present(...commands: string[]): void {
  for (const command of commands) stub(command);
}

/** apt-get that "installs" a package by putting its command on PATH. */
function aptGet(): void {
  const commandOf = `case "$p" in coturn) c=turnserver ;; *) c="$p" ;; esac`;
  stub('apt-get', `[ "$1" = install ] && for p in "$@"; do case "$p" in -*|install) ;; *) ${commandOf}; rm -f "${bin}/$c"; printf '#!/bin/sh\\n' > "${bin}/$c"; chmod +x "${bin}/$c" ;; esac; done`);
}

function setup(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(join(bin, 'bash'), [join(dir, 'repo/scripts/setup.sh'), ...args], {
    encoding: 'utf8',
    env: { PATH: bin, HOME: dir, MULTAQA_CACHE_DIR: join(dir, 'cache'), CALLS: calls, ...env },
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout.trim(), calls: existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [] };
}

describe('scripts/setup.sh: Debian packages', () => {
  it('installs nothing when every command is already on PATH', () => {
    aptGet();
    stub('systemctl');
    present('redis-server', 'chromium', 'sox', 'turnserver', 'ffmpeg');
    const run = setup(['test', '--only', 'packages']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([]);
  });

  it('needs no redis-server at all when REDIS_URL is given', () => {
    aptGet();
    present('ffmpeg');
    const run = setup(['start', '--only', 'packages'], { REDIS_URL: 'redis://10.0.0.5:6379' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([]);
  });

  it('installs only what is missing, and stops and disables the system daemon the package started', () => {
    aptGet();
    stub('systemctl');
    present('chromium', 'sox', 'ffmpeg');
    const run = setup(['test', '--only', 'packages']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      'apt-get install -y --no-install-recommends redis-server coturn',
      'systemctl disable --now redis-server',
      'systemctl disable --now coturn',
    ]);
  });

  it('stops the daemon with service(8) where systemd does not run (a container)', () => {
    aptGet();
    stub('systemctl', 'echo "System has not been booted with systemd" >&2', 1);
    stub('service');
    present('ffmpeg');
    const run = setup(['start', '--only', 'packages']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual(['apt-get install -y --no-install-recommends redis-server', 'systemctl disable --now redis-server', 'service redis-server stop']);
  });

  it('says what to install, and how, where there is no apt-get', () => {
    present('sox', 'ffmpeg');
    const run = setup(['test', '--only', 'packages']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/not on PATH: redis-server \(Debian package redis-server\) chromium \(Debian package chromium\) turnserver \(Debian package coturn\)/);
    expect(run.stderr).toMatch(/no apt-get: install them \(on Debian or Ubuntu: apt-get install redis-server chromium coturn\)/);
    expect(run.stderr).toMatch(/REDIS_URL may name a Redis 7 server/);
  });

  it('says so when it is neither root nor has sudo', () => {
    aptGet();
    stub('id', 'echo 1000');
    const run = setup(['start', '--only', 'packages']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/redis-server .*Installing needs root or sudo/);
    expect(run.calls).toEqual(['id -u']);
  });
});

describe('scripts/setup.sh: the mediasoup worker cache', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'server/package.json'), 'utf8')).dependencies.mediasoup as string;

  it("is keyed by the mediasoup version and the build script's content", () => {
    const real = spawnSync('bash', [join(ROOT, 'scripts/setup.sh'), 'start', '--worker-path'], {
      encoding: 'utf8',
      env: { ...process.env, MULTAQA_CACHE_DIR: '/cache' },
    });
    const hash = createHash('sha256').update(readFileSync(join(ROOT, 'scripts/build-mediasoup-worker.sh'))).digest('hex').slice(0, 12);
    expect(real.stdout.trim()).toBe(`/cache/mediasoup-worker-${version}-${hash}/mediasoup-worker`);
  });

  it('builds once, reuses the build, and builds again when the build script changes', () => {
    const first = setup(['start', '--only', 'worker']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.calls).toEqual([`built ${version}`]);
    const path = setup(['start', '--worker-path']).stdout;
    expect(existsSync(path)).toBe(true);

    expect(setup(['start', '--only', 'worker']).calls).toEqual([`built ${version}`]);

    appendFileSync(join(dir, 'repo/scripts/build-mediasoup-worker.sh'), '# a fix to a shim\n');
    const changed = setup(['start', '--worker-path']).stdout;
    expect(changed).not.toBe(path);
    const again = setup(['start', '--only', 'worker']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.calls).toEqual([`built ${version}`, `built ${version}`]);
    expect(existsSync(changed)).toBe(true);
  });

  it('uses MEDIASOUP_WORKER_BIN as given, and builds nothing', () => {
    stub('my-worker');
    const run = setup(['start', '--only', 'worker'], { MEDIASOUP_WORKER_BIN: join(bin, 'my-worker') });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([]);
  });
});
