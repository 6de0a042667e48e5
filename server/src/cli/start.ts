// `npm start`: Redis (a private one unless REDIS_URL is set), the server, and demo links.
import { join } from 'node:path';
import { ConfigError, loadConfig, localStateDir } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startServer } from '../main.ts';
import { demoLinks, operatorLink } from './joinLinks.ts';
import { withLocalDefaults } from './localDefaults.ts';
import { startPrivateRedis, type PrivateRedis } from './privateRedis.ts';

async function main(): Promise<void> {
  let env = withLocalDefaults(process.env);
  let redis: PrivateRedis | undefined;
  // Production names its Redis: a private one per process would split the processes apart unseen.
  if (!env.REDIS_URL && env.NODE_ENV !== 'production') {
    redis = await startPrivateRedis({ dataDir: join(localStateDir(env), 'redis') });
    env = { ...env, REDIS_URL: redis.url };
  }
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  if (redis) logger.info({ url: redis.url }, 'started a private redis-server (set REDIS_URL to use your own)');

  // A stray rejection (a Redis hiccup inside a library) is logged, not allowed to end every session.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const server = await startServer(config, logger);
  const base = config.http.publicUrl ?? server.url;
  // Demo links are links of every role, organizer's included: never into a production log,
  // even where the demo conference is seeded there (SEED_DEMO) to try it out.
  const links = config.seedDemo && config.env !== 'production' ? await demoLinks(base, config.tokenSecret) : [];
  const lines = [
    '',
    `  Multaqa is running at ${base}`,
    ...(base === server.url ? [] : [`  This process listens on ${server.url}`]),
    `  Redis: ${redis ? `${redis.url} (private; stops with the server)` : 'REDIS_URL'}`,
    '',
    ...(links.length > 0
      ? [
          '  Demo join links for "plenary-1" (one person per link; open each in its own window):',
          ...links.map(({ label, url }) => `    ${label.padEnd(18)} ${url}`),
          '',
          "  The organizer's link opened as the operator view (listeners, booths, load of every process):",
          `    ${'operator view'.padEnd(18)} ${operatorLink(links.find(({ label }) => label === 'organizer')!.url)}`,
          '',
        ]
      : []),
    '  Join links: npm run token -- --role attendee --session plenary-2 --name "Your name"',
    '  Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.close().catch((error: unknown) => logger.error({ err: error }, 'error while closing'));
    await redis?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
