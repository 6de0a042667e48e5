import { readFileSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { AudioEncoding } from '@multaqa/shared';

// The only reader of process.env. Everything else receives a frozen Config.

const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const TokenSecretSchema = z.string().min(32, 'TOKEN_SECRET must be at least 32 characters');
const PortSchema = z.coerce.number().int().min(0).max(65535).default(3000);
const RedisUrlSchema = z.url({ protocol: /^rediss?$/ });
/** An on/off variable: true/false, 1/0, yes/no. */
const FlagSchema = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const TurnUrlSchema = z
  .string()
  .regex(/^turns?:[^\s,?]+(\?transport=(udp|tcp))?$/, 'each must be a turn: or turns: URL, e.g. turn:203.0.113.10:3478?transport=udp');
/** Comma separated; blanks around commas and empty entries are ignored. */
const TurnUrlsSchema = z
  .string()
  .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
  .pipe(z.array(TurnUrlSchema));

/** Listening on every interface: the address to announce cannot be guessed. */
const ALL_INTERFACES = new Set(['0.0.0.0', '::']);
const LOOPBACK = /^(127\.|::1$|localhost$)/;

const EnvShape = z.object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: PortSchema,
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Address the SFU binds its RTP sockets to. */
    RTC_LISTEN_IP: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
    /** Address announced to browsers in ICE candidates (public IP behind NAT). */
    RTC_ANNOUNCED_IP: z.string().min(1).optional(),
    /**
     * Each mediasoup worker takes one UDP and one TCP port for all its WebRTC transports (a
     * WebRtcServer): worker i listens on RTC_PORT + i. Unset: each worker picks a free port in
     * RTC_MIN_PORT–RTC_MAX_PORT (fine on one machine running several server processes).
     */
    RTC_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
    RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
    RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
    REDIS_URL: RedisUrlSchema,
    /** HMAC secret for join tokens; at least 32 characters. */
    TOKEN_SECRET: TokenSecretSchema,
    /** Public base URL used in printed join links. */
    PUBLIC_URL: z.url().optional(),
    MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
    /**
     * Consumers one router of a session takes before the session opens a router on another
     * worker for its next listeners (mediasoup's guidance: ~500 per worker).
     */
    ROUTER_CONSUMER_BUDGET: z.coerce.number().int().min(1).max(100_000).default(500),
    LOG_LEVEL: LogLevelSchema.default('info'),
    CLIENT_DIST: z.string().min(1).optional(),
    /**
     * How long the interpreters and listeners of a server process that crashed or stopped stay
     * in their booths and counts, so they can reconnect elsewhere without losing their place.
     */
    PROCESS_GRACE_SECONDS: z.coerce.number().int().min(2).max(600).default(15),
    /**
     * When set, GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` (the
     * metrics name sessions and show the load; keep them from the public when the port is open).
     */
    METRICS_TOKEN: z
      .string()
      .min(16, 'METRICS_TOKEN must be at least 16 characters')
      .regex(/^[A-Za-z0-9\-._~+/]+=*$/, 'METRICS_TOKEN may hold letters, digits and - . _ ~ + / only (it travels in an Authorization header)')
      .optional(),
    /** The longest a clean shutdown may take before the process lets go of what is left and exits. */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
    /**
     * Seed the demo conference (and print its join links for every role). On by default outside
     * production, off in production: demo links are admin links anyone who sees the log could use.
     */
    SEED_DEMO: FlagSchema.optional(),
    /**
     * How many proxies (nginx, a cloud load balancer) stand in front of the server and append
     * to X-Forwarded-For; the client's address is read that many entries from the end. 0: the
     * connection's own address (no proxy; a forwarded header is not believed).
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /** Connections one address may hold open to one server process (a venue behind one NAT shares one). */
    MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(500),
    /** New connections one address may open per minute, on all server processes together. */
    CONNECTIONS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(300),
    /** Joins one address may make per minute, on all server processes together (per person: 20). */
    JOINS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(300),
    /** Requests one connection may send per 10 s (a client joining a full session sends about 60). */
    REQUESTS_PER_CONNECTION_PER_10S: z.coerce.number().int().min(10).max(10_000_000).default(300),
    /** A connection that has not joined a session this long after connecting (or leaving one) is closed. */
    JOIN_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** The host's public address as docker-compose's .env calls it: RTC_ANNOUNCED_IP when that is unset. */
    PUBLIC_IP: z.string().min(1).optional(),
    /** TURN servers offered to browsers whose UDP (and the SFU's TCP port) is blocked. */
    TURN_URLS: TurnUrlsSchema.optional(),
    /** coturn's static-auth-secret: credentials are HMACs of it (TURN REST API scheme). */
    TURN_SECRET: z.string().min(16, 'TURN_SECRET must be at least 16 characters').optional(),
    /**
     * Lifetime of the TURN credentials given with each transport. coturn checks it on every
     * allocation refresh, so it must outlast the longest connection (a conference day).
     */
    TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(86_400),
    /** `relay` makes every browser send its media through TURN (diagnosing TURN, or hiding clients' addresses). */
    ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
    /** Opus bitrate of the floor (speakers' microphones), in kbit/s: 64 gives interpreters fullband sound. */
    FLOOR_AUDIO_KBPS: z.coerce.number().int().min(16).max(256).default(64),
    /** Opus bitrate of each interpretation channel, in kbit/s. */
    INTERPRETATION_AUDIO_KBPS: z.coerce.number().int().min(16).max(256).default(48),
    /** Where recordings are written (one directory per session and recording); default under the local state directory. */
    RECORDINGS_DIR: z.string().min(1).optional(),
    /** The ffmpeg that writes recorded tracks (Debian's, installed by scripts/setup.sh). */
    FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    /**
     * Free space (MiB) the recordings disk keeps: no recording starts with less, and a running one
     * is stopped (its files finished) when it falls below, before a full disk cuts every file off.
     */
    RECORDINGS_MIN_FREE_MB: z.coerce.number().int().min(0).max(100_000_000).default(1024),
});

const EnvSchema = EnvShape.refine((env) => env.RTC_MIN_PORT <= env.RTC_MAX_PORT, {
  message: 'RTC_MIN_PORT must not exceed RTC_MAX_PORT',
  path: ['RTC_MIN_PORT'],
});

/**
 * Combinations no single variable shows, each of which would start a server whose media or
 * links are broken. Read from the raw environment, so they are reported with every other problem.
 */
function combinationProblems(raw: NodeJS.ProcessEnv): Array<{ name: string; message: string }> {
  const value = (name: string) => raw[name]?.trim() || undefined;
  const problems: Array<{ name: string; message: string }> = [];
  const problem = (name: string, message: string) => problems.push({ name, message });
  const production = value('NODE_ENV') === 'production';
  const listenIp = value('RTC_LISTEN_IP') ?? '127.0.0.1';
  const announced = value('RTC_ANNOUNCED_IP') ?? value('PUBLIC_IP');
  const turnUrls = value('TURN_URLS')?.split(',').some((url) => url.trim());
  if (ALL_INTERFACES.has(listenIp) && !announced) {
    problem(
      'RTC_ANNOUNCED_IP',
      `required when RTC_LISTEN_IP is ${listenIp} (every interface): set RTC_ANNOUNCED_IP (or PUBLIC_IP) to the ` +
        'address browsers reach this host at, or media cannot flow',
    );
  }
  if (production && ALL_INTERFACES.has(listenIp) && announced && LOOPBACK.test(announced)) {
    problem('RTC_ANNOUNCED_IP', `${announced} is a loopback address: browsers on other machines cannot send media to it`);
  }
  if (turnUrls && !value('TURN_SECRET')) problem('TURN_SECRET', "required with TURN_URLS (the TURN server's static-auth-secret)");
  if (value('TURN_SECRET') && !turnUrls) problem('TURN_URLS', 'required with TURN_SECRET (which TURN servers to offer)');
  if (value('ICE_TRANSPORT_POLICY') === 'relay' && !turnUrls) problem('ICE_TRANSPORT_POLICY', 'relay needs TURN_URLS');
  if (production) {
    for (const name of REQUIRED_IN_PRODUCTION) if (!value(name)) problem(name, 'required when NODE_ENV is production');
  }
  return problems;
}

/**
 * Variables a production server refuses to start without (beyond RTC_ANNOUNCED_IP, which any
 * server listening on every interface needs). docker-compose.yml must set each (a test checks).
 */
export const REQUIRED_IN_PRODUCTION = ['REDIS_URL', 'TOKEN_SECRET', 'PUBLIC_URL'] as const satisfies readonly (keyof z.infer<typeof EnvShape>)[];

/**
 * Secrets that may be given as a file instead (`TOKEN_SECRET_FILE=/run/secrets/token-secret`):
 * a variable's value is shown by `docker inspect` and to anyone who reads the process's
 * environment; a file mounted as a secret is not.
 */
export const SECRET_FILE_VARIABLES = ['TOKEN_SECRET', 'TURN_SECRET', 'REDIS_URL', 'METRICS_TOKEN'] as const satisfies readonly (keyof z.infer<typeof EnvShape>)[];

/** Every variable the server reads (the README's configuration table must list each; a test checks). */
export const ENV_VARIABLES: readonly string[] = [...Object.keys(EnvShape.shape), ...SECRET_FILE_VARIABLES.map((name) => `${name}_FILE`), 'MULTAQA_STATE_DIR'];

/** The environment with each `<NAME>_FILE` read into `<NAME>` (one trailing line break dropped), and what went wrong. */
function withSecretFiles(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; problems: Array<{ name: string; message: string }> } {
  const resolved: NodeJS.ProcessEnv = { ...env };
  const problems: Array<{ name: string; message: string }> = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file) continue;
    if (env[name]?.trim()) {
      problems.push({ name: `${name}_FILE`, message: `set either ${name} or ${name}_FILE, not both` });
      continue;
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push({ name: `${name}_FILE`, message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  return { env: resolved, problems };
}

/** Each variable's default where the schema has one (the README states them; a test checks). */
export function envDefaults(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(EnvShape.shape).flatMap(([name, schema]) => {
      const parsed = schema.safeParse(undefined);
      return parsed.success && parsed.data !== undefined ? [[name, parsed.data]] : [];
    }),
  );
}

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  http: Readonly<{ host: string; port: number; publicUrl: string | undefined; clientDist: string }>;
  rtc: Readonly<{ listenIp: string; announcedAddress: string | undefined; minPort: number; maxPort: number; port: number | undefined }>;
  ice: Readonly<{
    /** Undefined: no TURN server is offered (browsers use the SFU's UDP or TCP port directly). */
    turn: Readonly<{ urls: readonly string[]; secret: string; ttlSeconds: number }> | undefined;
    transportPolicy: 'all' | 'relay';
  }>;
  redisUrl: string;
  tokenSecret: string;
  mediasoupWorkers: number;
  routerConsumerBudget: number;
  processGraceMs: number;
  shutdownTimeoutMs: number;
  seedDemo: boolean;
  admission: Readonly<{
    trustProxyHops: number;
    maxConnectionsPerAddress: number;
    connectionsPerAddressPerMinute: number;
    joinsPerAddressPerMinute: number;
    requestsPerConnectionPer10s: number;
    joinDeadlineMs: number;
  }>;
  metricsToken: string | undefined;
  recordings: Readonly<{ dir: string; ffmpeg: string; minFreeMb: number }>;
  audioEncoding: Readonly<{ floor: AudioEncoding; interpretation: AudioEncoding }>;
  logLevel: z.infer<typeof LogLevelSchema>;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv, more: Array<{ name: string; message: string }> = []): z.infer<T> {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => ({ name: issue.path.join('.') || '(env)', message: issue.message }));
  const named = new Set(problems.map((problem) => problem.name));
  // A variable the schema refused already is not named twice.
  problems.push(...more.filter((problem) => !named.has(problem.name)));
  if (!parsed.success || problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map(({ name, message }) => `  ${name}: ${message}`).join('\n')}`);
  return parsed.data;
}

/** Reads and validates the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(given: NodeJS.ProcessEnv = process.env): Config {
  const { env, problems } = withSecretFiles(given);
  const e = parseEnv(EnvSchema, env, [...problems, ...combinationProblems(env)]);
  return Object.freeze({
    env: e.NODE_ENV,
    http: Object.freeze({
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL,
      clientDist: e.CLIENT_DIST ?? join(import.meta.dirname, '..', '..', 'client', 'dist'),
    }),
    rtc: Object.freeze({
      listenIp: e.RTC_LISTEN_IP,
      announcedAddress: e.RTC_ANNOUNCED_IP ?? e.PUBLIC_IP,
      minPort: e.RTC_MIN_PORT,
      maxPort: e.RTC_MAX_PORT,
      port: e.RTC_PORT,
    }),
    ice: Object.freeze({
      turn:
        e.TURN_URLS?.length && e.TURN_SECRET
          ? Object.freeze({ urls: Object.freeze([...e.TURN_URLS]), secret: e.TURN_SECRET, ttlSeconds: e.TURN_TTL_SECONDS })
          : undefined,
      transportPolicy: e.ICE_TRANSPORT_POLICY,
    }),
    redisUrl: e.REDIS_URL,
    tokenSecret: e.TOKEN_SECRET,
    mediasoupWorkers: e.MEDIASOUP_WORKERS ?? cpus().length,
    routerConsumerBudget: e.ROUTER_CONSUMER_BUDGET,
    processGraceMs: e.PROCESS_GRACE_SECONDS * 1000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    admission: Object.freeze({
      trustProxyHops: e.TRUST_PROXY_HOPS,
      maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_IP,
      connectionsPerAddressPerMinute: e.CONNECTIONS_PER_IP_PER_MINUTE,
      joinsPerAddressPerMinute: e.JOINS_PER_IP_PER_MINUTE,
      requestsPerConnectionPer10s: e.REQUESTS_PER_CONNECTION_PER_10S,
      joinDeadlineMs: e.JOIN_DEADLINE_SECONDS * 1000,
    }),
    metricsToken: e.METRICS_TOKEN,
    recordings: Object.freeze({ dir: e.RECORDINGS_DIR ?? join(localStateDir(env), 'recordings'), ffmpeg: e.FFMPEG_PATH, minFreeMb: e.RECORDINGS_MIN_FREE_MB }),
    audioEncoding: Object.freeze({
      floor: Object.freeze({ maxAverageBitrate: e.FLOOR_AUDIO_KBPS * 1000, fec: true, dtx: false }),
      interpretation: Object.freeze({ maxAverageBitrate: e.INTERPRETATION_AUDIO_KBPS * 1000, fec: true, dtx: false }),
    }),
    logLevel: e.LOG_LEVEL,
  });
}

const LinkEnvSchema = z.object({ TOKEN_SECRET: TokenSecretSchema, PUBLIC_URL: z.url().optional(), PORT: PortSchema });

/** The part of the configuration that `npm run token` needs: the secret and the public base URL. */
export function loadLinkConfig(given: NodeJS.ProcessEnv = process.env): { tokenSecret: string; baseUrl: string } {
  const { env, problems } = withSecretFiles(given);
  const e = parseEnv(LinkEnvSchema, env, problems);
  return { tokenSecret: e.TOKEN_SECRET, baseUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}` };
}

/** The Redis URL alone (for command-line tools that change what the servers share). */
export function loadRedisUrl(given: NodeJS.ProcessEnv = process.env): string {
  const { env, problems } = withSecretFiles(given);
  return parseEnv(z.object({ REDIS_URL: RedisUrlSchema }), env, problems).REDIS_URL;
}

/** Where the launcher keeps machine-local state (dev token secret); outside the clone. */
export function localStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MULTAQA_STATE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'multaqa');
}
