import { mkdtempSync, writeFileSync } from 'node:fs';
import { BlockList, isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, envDefaults, loadConfig, REQUIRED_IN_PRODUCTION } from '@multaqa/server/config.ts';
import { composeFile, dockerStages, interpolate, parseDotEnv, readRepoFile, referencedVariables, type FileGrant, type Service } from '../support/deployFiles.ts';

// docker-compose.yml, the Dockerfile, .env.example, deploy/ and the README checked against the
// code, so the deployment cannot drift from it unnoticed.

const compose = composeFile();
const example = parseDotEnv(readRepoFile('.env.example'));
const filled = {
  ...example,
  PUBLIC_IP: '203.0.113.10',
  DOMAIN: 'conf.example.org',
  TOKEN_SECRET: 'a1'.repeat(32),
  TURN_SECRET: 'b2'.repeat(32),
  REDIS_PASSWORD: 'c3'.repeat(32),
};
const deployed = interpolate(compose, filled);
const services = Object.entries(deployed.services);
const apps = services.filter(([, service]) => service.build === '.');
const stringEnv = (service: Service) => Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]));
/**
 * A server process's environment as it starts in its container: each `<NAME>_FILE` names a
 * config compose mounts there, whose content is written to a file here for config.ts to read.
 */
function startingEnv(service: Service): Record<string, string> {
  const env = stringEnv(service);
  const dir = mkdtempSync(join(tmpdir(), 'multaqa-compose-'));
  for (const grant of service.configs ?? []) {
    const { source, target = `/${source}` } = typeof grant === 'string' ? { source: grant } : grant;
    for (const [name, value] of Object.entries(env)) {
      if (!name.endsWith('_FILE') || value !== target) continue;
      const path = join(dir, source);
      writeFileSync(path, deployed.configs![source]!.content!);
      env[name] = path;
    }
  }
  return env;
}
const command = (service: Service) => (Array.isArray(service.command) ? service.command : [service.command ?? '']);
const turnConf = parseConf(readRepoFile('deploy/turnserver.conf'));
const readme = readRepoFile('README.md');

describe('.env and compose', () => {
  it('.env.example names every variable docker-compose.yml reads', () => {
    expect([...referencedVariables(compose)].filter((name) => !(name in example))).toEqual([]);
  });

  it('compose refuses to start while the host address, the domain or a secret is missing from .env', () => {
    const refusal = (() => {
      try {
        interpolate(compose, example);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['PUBLIC_IP', 'DOMAIN', 'TOKEN_SECRET', 'TURN_SECRET', 'REDIS_PASSWORD']) expect(refusal).toMatch(new RegExp(`^${name}: set ${name} in \\.env`, 'm'));
  });

  it('runs two server processes from the image', () => {
    expect(apps.map(([name]) => name)).toEqual(['multaqa-1', 'multaqa-2']);
  });
});

describe.each(apps)('server process %s', (_name, service) => {
  const env = startingEnv(service);

  it('sets every variable the server requires in production (a secret as a file), and its configuration check passes', () => {
    expect(env.NODE_ENV).toBe('production');
    for (const name of REQUIRED_IN_PRODUCTION) expect(env[name] ?? env[`${name}_FILE`], name).toBeTruthy();
    const config = loadConfig(env);
    expect(config.rtc).toMatchObject({ listenIp: '0.0.0.0', announcedAddress: filled.PUBLIC_IP });
    expect(config.ice.turn).toEqual({
      urls: [`turn:${filled.PUBLIC_IP}:${turnConf['listening-port']}?transport=udp`, `turn:${filled.PUBLIC_IP}:${turnConf['listening-port']}?transport=tcp`],
      secret: filled.TURN_SECRET,
      ttlSeconds: 86_400,
    });
    expect(config.http.publicUrl).toBe(`https://${filled.DOMAIN}`);
    // Listening on every interface, the announced address is what makes media work: the check is live.
    expect(() => loadConfig({ ...env, RTC_ANNOUNCED_IP: undefined })).toThrowError(/RTC_ANNOUNCED_IP: required/);
  });

  it('waits for a healthy Redis, has a liveness check on /healthz, file limits and log rotation', () => {
    expect(service.depends_on).toMatchObject({ redis: { condition: 'service_healthy' } });
    expect(command({ command: service.healthcheck?.test } as Service).join(' ')).toMatch(/\/healthz/);
    expect(service.ulimits?.nofile).toMatchObject({ soft: expect.any(Number) });
    expect((service.ulimits!.nofile as { soft: number }).soft).toBeGreaterThanOrEqual(65_536);
  });

  it('reaches Redis where compose publishes it, with its password', () => {
    const url = new URL(loadConfig(env).redisUrl);
    const redis = deployed.services.redis!;
    expect(redis.ports).toContain(`127.0.0.1:${url.port}:6379`);
    expect(decodeURIComponent(url.password)).toBe(redisConfig().requirepass);
  });

  it('is what Caddy proxies to', () => {
    expect(readRepoFile('deploy/Caddyfile')).toContain(`${env.HOST}:${env.PORT}`);
  });
});

describe('the other services', () => {
  it('Redis: a health check with redis-cli ping, and no host port 6379 (a system redis-server may be there)', () => {
    const redis = deployed.services.redis!;
    expect(command({ command: redis.healthcheck?.test } as Service).join(' ')).toMatch(/redis-cli ping/);
    for (const [name, service] of services) {
      for (const port of service.ports ?? []) expect(hostPort(port), `${name} publishes ${port}`).not.toBe(6379);
    }
  });

  it('coturn: REST API credentials (use-auth-secret) with the secret the servers sign with, a realm and file limits', () => {
    const coturn = deployed.services.coturn!;
    expect(coturn.volumes).toContain('./deploy/turnserver.conf:/etc/coturn/turnserver.conf:ro');
    expect(turnConf['use-auth-secret']).toBe(true);
    expect(command(coturn)).toEqual(expect.arrayContaining([`--realm=${filled.DOMAIN}`, `--external-ip=${filled.PUBLIC_IP}`]));
    // The secret: compose's secret from TURN_SECRET, the file the image's entrypoint adds to coturn's configuration.
    const secretFile = grantedFile(coturn.secrets, '/run/secrets/');
    expect(deployed.secrets?.[secretFile.source]).toEqual({ environment: 'TURN_SECRET' });
    const coturnImage = dockerStages(readRepoFile('deploy/coturn/Dockerfile')).at(-1)!.instructions;
    const entrypoint = coturnImage.filter(({ keyword }) => keyword === 'ENTRYPOINT').at(-1)!.args;
    const script = /^\["([^"]+)"\]$/.exec(entrypoint)![1]!;
    expect(coturnImage.some(({ keyword, args }) => keyword === 'COPY' && args.endsWith(`entrypoint.sh ${script}`))).toBe(true);
    const entrypointScript = readRepoFile('deploy/coturn/entrypoint.sh');
    expect(entrypointScript).toContain(`TURN_SECRET_FILE:-${secretFile.target}}`);
    expect(entrypointScript).toContain('TURNSERVER_BASE_CONFIG:-/etc/coturn/turnserver.conf}');
    expect(entrypointScript).toMatch(/static-auth-secret=%s/);
    for (const [, app] of apps) expect(loadConfig(startingEnv(app)).ice.turn?.secret).toBe(filled.TURN_SECRET);
    expect((coturn.ulimits?.nofile as { soft: number }).soft).toBeGreaterThanOrEqual(65_536);
  });

  it('coturn relays to the SFU (PUBLIC_IP) alone: never to loopback, private, link-local, metadata or any other address, nor over TCP', () => {
    const coturn = deployed.services.coturn!;
    const options = [...confLines(readRepoFile('deploy/turnserver.conf')), ...command(coturn).map((arg) => arg.replace(/^--/, ''))];
    const values = (name: string) => options.filter((line) => line.startsWith(`${name}=`)).map((line) => line.slice(name.length + 1));
    expect(values('allowed-peer-ip')).toEqual([filled.PUBLIC_IP]);
    for (const flag of ['no-multicast-peers', 'no-tcp-relay']) expect(options, flag).toContain(flag);
    expect(options).not.toContain('allow-loopback-peers');
    // As coturn compares them: an address against the ranges of its own family.
    const denied = { ipv4: new BlockList(), ipv6: new BlockList() };
    for (const range of values('denied-peer-ip')) {
      const [from, to = from] = range.split('-') as [string, string?];
      const family = isIPv4(from) ? 'ipv4' : 'ipv6';
      denied[family].addRange(from, to!, family);
    }
    const refused = (address: string) => denied[isIPv4(address) ? 'ipv4' : 'ipv6'].check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
    const hostServices = ['127.0.0.1', '127.0.0.53', '::1', '0.0.0.0', '::'];
    const privateNetworks = ['10.1.2.3', '172.16.0.1', '172.31.255.254', '192.168.1.1', '100.64.0.1', 'fd00::1', 'fc00::1', 'fec0::1'];
    const linkLocalAndMetadata = ['169.254.169.254', '169.254.170.2', '192.0.0.192', '100.100.100.200', 'fe80::1', 'fd00:ec2::254'];
    const disguised = ['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe', '2002:a00:1::1', '2001:0:a00:1::1', '::127.0.0.1'];
    const elsewhere = ['8.8.8.8', '198.51.100.7', '240.0.0.1', '255.255.255.255', '2001:4860:4860::8888', '2001:db8::1'];
    for (const address of [...hostServices, ...privateNetworks, ...linkLocalAndMetadata, ...disguised, ...elsewhere]) expect(refused(address), address).toBe(true);
  });

  it('no secret is on a command line (command, entrypoint, health check), nor in any environment (the servers read theirs from files)', () => {
    const secrets = [filled.TOKEN_SECRET, filled.TURN_SECRET, filled.REDIS_PASSWORD];
    for (const [name, service] of services) {
      const lines = [...command(service), ...command({ command: service.entrypoint } as Service), ...command({ command: service.healthcheck?.test } as Service)];
      for (const secret of secrets) expect(lines.filter((line) => line.includes(secret)), `${name}'s command lines`).toEqual([]);
      for (const secret of secrets) expect(Object.values(stringEnv(service)).filter((value) => value.includes(secret)), `${name}'s environment`).toEqual([]);
    }
  });

  it('Redis: its password comes from the configuration file it is started with, which the health check reads too', () => {
    const redis = deployed.services.redis!;
    const file = grantedFile(redis.configs, '/');
    expect(command(redis)).toEqual(['redis-server', file.target]);
    expect(redisConfig()).toMatchObject({ requirepass: filled.REDIS_PASSWORD, appendonly: 'yes', save: '60 1' });
    expect(command({ command: redis.healthcheck?.test } as Service).join(' ')).toContain(file.target);
  });

  it('Caddy: the TLS front for the domain', () => {
    expect(deployed.services.caddy!.environment).toMatchObject({ DOMAIN: filled.DOMAIN });
    expect(readRepoFile('deploy/Caddyfile')).toMatch(/^\{\$DOMAIN\} \{/m);
  });

  it('Caddy: the processes\' metrics and registry stay on the host, whatever the path\'s ending or case', () => {
    const caddyfile = readRepoFile('deploy/Caddyfile');
    const matcher = /^\s*@internal path (.+)\n\s*respond @internal 404$/m.exec(caddyfile);
    expect(matcher, 'an @internal path matcher answered with 404').not.toBeNull();
    const patterns = matcher![1]!.trim().split(/\s+/);
    // Express answers all of these as /metrics or /processes (case-insensitive, trailing slash allowed).
    for (const path of ['/metrics', '/metrics/', '/METRICS', '/Metrics/', '/metrics/x', '/processes', '/processes/', '/PROCESSES/', '/processes/x']) {
      expect(patterns.some((pattern) => caddyPathMatches(pattern, path)), path).toBe(true);
    }
    for (const path of ['/', '/join', '/operator', '/socket.io/', '/ready', '/api/join-link']) {
      expect(patterns.some((pattern) => caddyPathMatches(pattern, path)), path).toBe(false);
    }
  });

  it('every service rotates its logs', () => {
    for (const [name, service] of services) {
      expect(service.logging, name).toMatchObject({ driver: 'json-file', options: { 'max-size': expect.any(String), 'max-file': expect.any(String) } });
    }
  });

  it('no two port ranges overlap (media, pipes, HTTP, TURN and its relays)', () => {
    const ranges: Array<{ what: string; from: number; to: number }> = [];
    for (const [name, app] of apps) {
      const env = loadConfig(startingEnv(app));
      ranges.push({ what: `${name} HTTP`, from: env.http.port, to: env.http.port });
      ranges.push({ what: `${name} RTC`, from: env.rtc.port!, to: env.rtc.port! + env.mediasoupWorkers - 1 });
      ranges.push({ what: `${name} pipes`, from: env.rtc.minPort, to: env.rtc.maxPort });
    }
    ranges.push({ what: 'TURN', from: Number(turnConf['listening-port']), to: Number(turnConf['listening-port']) });
    ranges.push({ what: 'TURN relays', from: Number(turnConf['min-port']), to: Number(turnConf['max-port']) });
    for (const [index, a] of ranges.entries()) {
      for (const b of ranges.slice(index + 1)) expect(a.to < b.from || b.to < a.from, `${a.what} and ${b.what}`).toBe(true);
    }
  });
});

describe('the image', () => {
  const stages = dockerStages(readRepoFile('Dockerfile'));
  const runtime = stages.at(-1)!;
  const args = (keyword: string) => runtime.instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);

  it('runs as a user other than root', () => {
    const user = args('USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it("ships the server's production dependencies only: no test tools, no dev dependencies", () => {
    const copied = args('COPY').find((line) => /node_modules/.test(line))!;
    const from = /--from=(\S+)/.exec(copied)![1];
    const install = stages.find((stage) => stage.name === from)!.instructions.find(({ args }) => /npm ci/.test(args))!.args;
    expect(install).toMatch(/--omit=dev/);
    expect(install).toMatch(/--workspace server/);
    // What that install brings, from the lock file: the server's dependency tree.
    const tree = productionTree('server');
    expect(tree.has('tsx')).toBe(true);
    expect(tree.has('mediasoup')).toBe(true);
    for (const tool of ['vitest', 'playwright-core', '@roamhq/wrtc', 'vite', 'typescript', 'mediasoup-client']) expect(tree.has(tool), tool).toBe(false);
    expect(args('RUN').join(' ')).not.toMatch(/npm (ci|install)/);
  });

  it('has ffmpeg and the mediasoup worker, and runs the server', () => {
    expect(args('RUN').join(' ')).toMatch(/apt-get install[^&]*\bffmpeg\b/);
    expect(args('ENV').join(' ')).toMatch(/MEDIASOUP_WORKER_BIN=\/opt\/mediasoup\/mediasoup-worker/);
    expect(args('CMD').at(-1)).toBe('["node", "--import", "tsx", "server/src/cli/start.ts"]');
  });

  it('never contains .env, node_modules or the tests', () => {
    const ignored = readRepoFile('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', '**/node_modules', 'tests/**']));
    expect(readRepoFile('.gitignore').split('\n')).toContain('.env');
  });
});

describe('the README', () => {
  it('lists every variable of server/src/config.ts in its configuration table, with its real default', () => {
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
    for (const name of ENV_VARIABLES) expect(rows.some((row) => row.includes(`\`${name}\``)), name).toBe(true);
    for (const [name, value] of Object.entries(envDefaults())) {
      const row = rows.find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `a row of its own for ${name}`).toBeDefined();
      expect(row!.split('|')[2], `${name}'s default`).toContain(`\`${value}\``);
    }
  });

  it("names compose's ports and ranges, and the variables of .env", () => {
    for (const [, app] of apps) {
      const config = loadConfig(startingEnv(app));
      expect(readme).toContain(`${config.rtc.port}-${config.rtc.port! + config.mediasoupWorkers - 1}`);
      expect(readme).toContain(`${config.rtc.minPort}-${config.rtc.maxPort}`);
    }
    expect(readme).toContain(`${turnConf['min-port']}-${turnConf['max-port']}`);
    expect(readme).toContain(`${turnConf['listening-port']}`);
    for (const name of Object.keys(example)) expect(readme, name).toContain(`\`${name}\``);
    expect(readme).not.toMatch(/nginx\.conf/);
  });
});

/** Redis's configuration as compose hands it to the redis service: directive → the rest of its line. */
function redisConfig(): Record<string, string> {
  const source = grantedFile(deployed.services.redis!.configs, '/').source;
  const lines = (deployed.configs?.[source]?.content ?? '').split('\n').map((line) => line.trim());
  return Object.fromEntries(lines.filter((line) => line && !line.startsWith('#')).map((line) => [line.split(' ')[0]!, line.split(' ').slice(1).join(' ')]));
}

/** The one config or secret a service is granted, and where it lands (compose's default: `defaultDir` + its name). */
function grantedFile(grants: FileGrant[] | undefined, defaultDir: string): { source: string; target: string } {
  expect(grants).toHaveLength(1);
  const grant = typeof grants![0] === 'string' ? { source: grants![0] } : grants![0]!;
  const target = grant.target ?? grant.source;
  return { source: grant.source, target: target.startsWith('/') ? target : `${defaultDir}${target}` };
}

/** coturn's `key=value` / `flag` lines (the last of a repeated key). */
function parseConf(text: string): Record<string, string | true> {
  const conf: Record<string, string | true> = {};
  for (const line of confLines(text)) {
    const [key, ...value] = line.split('=');
    conf[key!] = value.length ? value.join('=') : true;
  }
  return conf;
}

/** coturn's configuration lines, comments and blank lines left out. */
function confLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Caddy's `path` matcher: case-insensitive; exact, or a prefix with a trailing `*`. */
function caddyPathMatches(pattern: string, path: string): boolean {
  const [want, got] = [pattern.toLowerCase(), path.toLowerCase()];
  return want.endsWith('*') && !want.slice(0, -1).includes('*') ? got.startsWith(want.slice(0, -1)) : got === want;
}

/** The host side of a compose `ports:` entry ("127.0.0.1:6380:6379" → 6380, "6379:6379" → 6379). */
function hostPort(mapping: string): number | undefined {
  const parts = mapping.split(':');
  return parts.length >= 2 ? Number(parts.at(-2)) : undefined;
}

/** Package names `npm ci --omit=dev --workspace <workspace>` installs, resolved in package-lock.json. */
function productionTree(workspace: string): Set<string> {
  type Entry = { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }>; link?: boolean; resolved?: string };
  const packages = (JSON.parse(readRepoFile('package-lock.json')) as { packages: Record<string, Entry> }).packages;
  const names = new Set<string>();
  const seen = new Set<string>();
  const resolve = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!dir) return undefined;
    }
  };
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    let entry = packages[path]!;
    if (entry.link && entry.resolved) entry = packages[entry.resolved]!;
    const wanted = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...Object.fromEntries(Object.entries(entry.peerDependencies ?? {}).filter(([name]) => !entry.peerDependenciesMeta?.[name]?.optional)),
    };
    for (const name of Object.keys(wanted)) {
      const found = resolve(path, name);
      if (!found) continue; // an optional dependency for another platform
      names.add(name);
      visit(found);
    }
  };
  visit(workspace);
  return names;
}
