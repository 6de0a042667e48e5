// `npm run bench [-- --clients 2000 --concurrency 100]`: benchmarks against a real server, real
// Redis and real mediasoup workers on this machine. Results go to stdout as a Markdown table row;
// record them with the command and the machine in docs/benchmarks.md.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import { loadConfig } from '@multaqa/server/config.ts';
import { createLogger } from '@multaqa/server/logger.ts';
import { startServer } from '@multaqa/server/main.ts';
import { joinStorm } from './joinStorm.ts';
import { ms } from './stats.ts';

const ArgsSchema = z.object({
  clients: z.coerce.number().int().min(1).max(20_000).default(1_000),
  concurrency: z.coerce.number().int().min(1).max(1_000).default(50),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { clients: { type: 'string' }, concurrency: { type: 'string' } } });
  const args = ArgsSchema.parse(values);
  const secret = 'benchmark-secret-0123456789abcdefghijkl';
  const redis = await startPrivateRedis();
  const config = loadConfig({ REDIS_URL: redis.url, TOKEN_SECRET: secret, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' });
  const server = await startServer(config, createLogger('error', 'bench'));
  try {
    const rssBefore = process.memoryUsage().rss;
    const result = await joinStorm(server.url, secret, args.clients, args.concurrency);
    const rssAfter = process.memoryUsage().rss;
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    process.stdout.write(
      [
        `machine: ${machine}`,
        `command: npm run bench -- --clients ${args.clients} --concurrency ${args.concurrency}`,
        '',
        '| clients | concurrency | join ack p50 | join ack p99 | join ack max | count fan-out to all | wall | RSS growth (server + clients, one process) |',
        '|---|---|---|---|---|---|---|---|',
        `| ${result.clients} | ${args.concurrency} | ${ms(result.joinP50)} | ${ms(result.joinP99)} | ${ms(result.joinMax)} | ${ms(result.countFanOutMs)} | ${(result.wallMs / 1000).toFixed(1)} s | ${Math.round((rssAfter - rssBefore) / 2 ** 20)} MiB |`,
        '',
      ].join('\n'),
    );
  } finally {
    await server.close();
    await redis.stop();
  }
  process.exit(0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
