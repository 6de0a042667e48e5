import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

// The only reader of process.env. Everything else receives a frozen Config.

const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const TokenSecretSchema = z.string().min(32, 'TOKEN_SECRET must be at least 32 characters');
const PortSchema = z.coerce.number().int().min(0).max(65535).default(3000);

const EnvSchema = z
  .object({
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
    REDIS_URL: z.url({ protocol: /^rediss?$/ }),
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
  })
  .refine((env) => env.RTC_MIN_PORT <= env.RTC_MAX_PORT, {
    message: 'RTC_MIN_PORT must not exceed RTC_MAX_PORT',
    path: ['RTC_MIN_PORT'],
  });

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  http: Readonly<{ host: string; port: number; publicUrl: string | undefined; clientDist: string }>;
  rtc: Readonly<{ listenIp: string; announcedAddress: string | undefined; minPort: number; maxPort: number; port: number | undefined }>;
  redisUrl: string;
  tokenSecret: string;
  mediasoupWorkers: number;
  routerConsumerBudget: number;
  processGraceMs: number;
  logLevel: z.infer<typeof LogLevelSchema>;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** Reads and validates the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(EnvSchema, env);
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
      announcedAddress: e.RTC_ANNOUNCED_IP,
      minPort: e.RTC_MIN_PORT,
      maxPort: e.RTC_MAX_PORT,
      port: e.RTC_PORT,
    }),
    redisUrl: e.REDIS_URL,
    tokenSecret: e.TOKEN_SECRET,
    mediasoupWorkers: e.MEDIASOUP_WORKERS ?? cpus().length,
    routerConsumerBudget: e.ROUTER_CONSUMER_BUDGET,
    processGraceMs: e.PROCESS_GRACE_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
  });
}

const LinkEnvSchema = z.object({ TOKEN_SECRET: TokenSecretSchema, PUBLIC_URL: z.url().optional(), PORT: PortSchema });

/** The part of the configuration that `npm run token` needs: the secret and the public base URL. */
export function loadLinkConfig(env: NodeJS.ProcessEnv = process.env): { tokenSecret: string; baseUrl: string } {
  const e = parseEnv(LinkEnvSchema, env);
  return { tokenSecret: e.TOKEN_SECRET, baseUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}` };
}

/** Where the launcher keeps machine-local state (dev token secret); outside the clone. */
export function localStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MULTAQA_STATE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'multaqa');
}
