// `npm run bench [-- --scenario join|interpretation|moderation|all --clients 1000 --concurrency 50
//   --listeners 40 --rounds 6 --watchers 5000]`
// Benchmarks against a real server, real Redis and real mediasoup workers on this machine.
// Prints Markdown rows; record them with the command and the machine in docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import { loadConfig } from '@multaqa/server/config.ts';
import { createLogger } from '@multaqa/server/logger.ts';
import { startServer } from '@multaqa/server/main.ts';
import type { LoadOptions, LoadResult } from './interpretationLoad.ts';
import { joinStorm } from './joinStorm.ts';
import { queueFanOut } from './queueFanOut.ts';
import { ms } from './stats.ts';

const ArgsSchema = z.object({
  scenario: z.enum(['join', 'interpretation', 'moderation', 'all']).default('all'),
  clients: z.coerce.number().int().min(1).max(20_000).default(1_000),
  concurrency: z.coerce.number().int().min(1).max(1_000).default(50),
  listeners: z.coerce.number().int().min(1).max(500).default(40),
  rounds: z.coerce.number().int().min(1).max(100).default(6),
  watchers: z.coerce.number().int().min(1).max(20_000).default(5_000),
});
type Args = z.infer<typeof ArgsSchema>;

const SECRET = 'benchmark-secret-0123456789abcdefghijkl';

function runLoad(options: LoadOptions): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./interpretationLoad.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const line = output.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`interpretation load exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: Object.fromEntries(['scenario', 'clients', 'concurrency', 'listeners', 'rounds', 'watchers'].map((name) => [name, { type: 'string' as const }])),
  });
  const args: Args = ArgsSchema.parse(values);
  const redis = await startPrivateRedis();
  const config = loadConfig({ REDIS_URL: redis.url, TOKEN_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' });
  const server = await startServer(config, createLogger('error', 'bench'));
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  try {
    if (args.scenario === 'join' || args.scenario === 'all') {
      const rssBefore = process.memoryUsage().rss;
      const result = await joinStorm(server.url, SECRET, args.clients, args.concurrency);
      const rssAfter = process.memoryUsage().rss;
      out(`\ncommand: npm run bench -- --scenario join --clients ${args.clients} --concurrency ${args.concurrency}\n`);
      out('| clients | join ack p50 | join ack p99 | join ack max | count fan-out to all | wall | RSS growth |');
      out('|---|---|---|---|---|---|---|');
      out(`| ${result.clients} | ${ms(result.joinP50)} | ${ms(result.joinP99)} | ${ms(result.joinMax)} | ${ms(result.countFanOutMs)} | ${(result.wallMs / 1000).toFixed(1)} s | ${Math.round((rssAfter - rssBefore) / 2 ** 20)} MiB |`);
    }
    if (args.scenario === 'moderation' || args.scenario === 'all') {
      const result = await queueFanOut(server.url, SECRET, args.watchers, args.concurrency, Math.max(args.rounds, 10));
      out(`\ncommand: npm run bench -- --scenario moderation --watchers ${args.watchers} --rounds ${result.rounds}\n`);
      out('| clients | rounds | action → last client updated p50 | p99 | action → each client p50 | p99 |');
      out('|---|---|---|---|---|---|');
      out(`| ${result.clients} | ${result.rounds} | ${ms(result.lastP50)} | ${ms(result.lastP99)} | ${ms(result.eachP50)} | ${ms(result.eachP99)} |`);
    }
    if (args.scenario === 'interpretation' || args.scenario === 'all') {
      const load = await runLoad({ url: server.url, secret: SECRET, sessionId: 'plenary-1', listeners: args.listeners, rounds: args.rounds });
      out(`\ncommand: npm run bench -- --scenario interpretation --listeners ${args.listeners} --rounds ${args.rounds}\n`);
      out('| measure | listeners | samples | missed | p50 | p99 | max |');
      out('|---|---|---|---|---|---|---|');
      const s = load.switchMs;
      out(`| language switch: request → first audible frame of the new channel | ${load.listeners} | ${s.samples} | ${s.missed} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} |`);
      const g = load.handoverGapMs;
      out(`| handover gap: longest silence on the channel around the switch | ${load.listeners} | ${g.samples} | ${g.missed} | ${ms(g.p50)} | ${ms(g.p99)} | ${ms(g.max)} |`);
      const h = load.handoverStartMs;
      out(`| handover: "take" sent → first audible frame of the new voice | ${load.listeners} | ${g.samples} | ${g.missed} | ${ms(h.p50)} | ${ms(h.p99)} | ${ms(h.max)} |`);
    }
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
