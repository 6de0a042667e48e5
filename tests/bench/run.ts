// `npm run bench [-- --scenario join|interpretation|moderation|moderator|consumers|pipe|spread|storm|latency|all
//   --clients 1000 --concurrency 50 --listeners 40 --rounds 6 --watchers 5000 --seconds 5 --rate 500]`
// Benchmarks against a real server, real Redis and real mediasoup workers on this machine.
// Prints Markdown rows; record them with the command and the machine in docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPrivateRedis } from '@multaqa/server/cli/privateRedis.ts';
import { loadConfig } from '@multaqa/server/config.ts';
import { LIFTED_ADDRESS_LIMITS } from '../support/testLimits.ts';
import { createLogger } from '@multaqa/server/logger.ts';
import { startServer } from '@multaqa/server/main.ts';
import type { LoadOptions, LoadResult } from './interpretationLoad.ts';
import { moderatorActions } from './moderatorActions.ts';
import { consumersPerWorker, type SrtpSuite } from './consumersPerWorker.ts';
import { joinStorm } from './joinStorm.ts';
import { pipeCost } from './pipeCost.ts';
import { spreadFanOut, spreadJoin } from './spread.ts';
import { queueFanOut } from './queueFanOut.ts';
import { mouthToEar } from './mouthToEar.ts';
import buildClient from '../support/e2eSetup.ts';
import { ms } from '../support/stats.ts';

const ArgsSchema = z.object({
  scenario: z.enum(['join', 'interpretation', 'moderation', 'moderator', 'consumers', 'pipe', 'spread', 'storm', 'latency', 'all']).default('all'),
  clients: z.coerce.number().int().min(1).max(20_000).default(1_000),
  concurrency: z.coerce.number().int().min(1).max(1_000).default(50),
  listeners: z.coerce.number().int().min(1).max(500).default(40),
  rounds: z.coerce.number().int().min(1).max(100).default(6),
  watchers: z.coerce.number().int().min(1).max(20_000).default(5_000),
  seconds: z.coerce.number().int().min(1).max(120).default(5),
  rate: z.coerce.number().int().min(1).max(10_000).default(500),
});
type Args = z.infer<typeof ArgsSchema>;

const SECRET = 'benchmark-secret-0123456789abcdefghijkl';

/** Runs a wrtc load script in a child process (wrtc must leave through process.exit()); its last line is the JSON result. */
function runChild<Result>(file: string, options: unknown): Promise<Result> {
  const script = fileURLToPath(new URL(file, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const line = output.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as Result);
      else reject(new Error(`${file} exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: Object.fromEntries(['scenario', 'clients', 'concurrency', 'listeners', 'rounds', 'watchers', 'seconds', 'rate'].map((name) => [name, { type: 'string' as const }])),
  });
  const args: Args = ArgsSchema.parse(values);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  if (args.scenario === 'consumers' || args.scenario === 'all') await consumerSweep(args, out);
  if (args.scenario === 'pipe' || args.scenario === 'all') await pipeSweep(args, out);
  if (args.scenario === 'consumers' || args.scenario === 'pipe') process.exit(0);
  const redis = await startPrivateRedis();
  if (args.scenario === 'spread' || args.scenario === 'storm' || args.scenario === 'all') {
    try {
      if (args.scenario !== 'storm') await spreadSweep(args, redis.url, out);
      if (args.scenario !== 'spread') await stormOverTwo(args, redis.url, out);
    } finally {
      if (args.scenario !== 'all') await redis.stop();
    }
    if (args.scenario !== 'all') process.exit(0);
  }
  const config = loadConfig({ REDIS_URL: redis.url, TOKEN_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...LIFTED_ADDRESS_LIMITS });
  const server = await startServer(config, createLogger('error', 'bench'));
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
    if (args.scenario === 'moderator' || args.scenario === 'all') {
      const load = await moderatorActions({ url: server.url, secret: SECRET, sessionId: 'plenary-3', listeners: args.listeners, rounds: Math.max(args.rounds, 20) });
      out(`\ncommand: npm run bench -- --scenario moderator --listeners ${args.listeners} --rounds ${Math.max(args.rounds, 20)}\n`);
      out('| while | actions | move a hand in the queue: sent → answer p50 | p99 | max |');
      out('|---|---|---|---|---|');
      out(`| nobody joins | ${load.quiet.samples} | ${ms(load.quiet.p50)} | ${ms(load.quiet.p99)} | ${ms(load.quiet.max)} |`);
      out(`| ${load.listeners} listeners join and consume (${(load.joinWallMs / 1000).toFixed(0)} s) | ${load.loaded.samples} | ${ms(load.loaded.p50)} | ${ms(load.loaded.p99)} | ${ms(load.loaded.max)} |`);
    }
    if (args.scenario === 'interpretation' || args.scenario === 'all') {
      const load = await runChild<LoadResult>('./interpretationLoad.ts', { url: server.url, secret: SECRET, sessionId: 'plenary-1', listeners: args.listeners, rounds: args.rounds } satisfies LoadOptions);
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
    if (args.scenario === 'latency' || args.scenario === 'all') {
      const seconds = Math.max(args.seconds, 20);
      await buildClient(); // the pages are the client as npm start serves it
      const result = await mouthToEar({ url: server.url, secret: SECRET, sessionId: 'plenary-2', seconds });
      out(`\ncommand: npm run bench -- --scenario latency --seconds ${seconds}\n`);
      out('| path (loopback, real Chromium) | beeps | mouth to ear p50 | p99 | jitter buffer (mean, receiving browser) |');
      out('|---|---|---|---|---|');
      const row = (label: string, r: { samples: number; p50: number; p99: number }, buffer: number) =>
        out(`| ${label} | ${r.samples} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(buffer)} |`);
      row('floor → interpreter', result.floorToBooth, result.jitterBuffer.booth);
      row('interpreter → listener', result.boothToListener, result.jitterBuffer.listener);
    }
  } finally {
    await server.close();
    await redis.stop();
  }
  process.exit(0);
}

/** A listener on another process (through an SRTP pipe) against one on the same process: delay and CPU. */
async function pipeSweep(args: Args, out: (line?: string) => void): Promise<void> {
  out(`\ncommand: npm run bench -- --scenario pipe --seconds ${args.seconds}\n`);
  out('| producers | path | packets measured | delay p50 | delay p99 | both workers CPU | pipe CPU per piped producer |');
  out('|---|---|---|---|---|---|---|');
  for (const producers of [10, 100]) {
    const same = await pipeCost({ producers, seconds: args.seconds, piped: false });
    const piped = await pipeCost({ producers, seconds: args.seconds, piped: true });
    const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
    out(`| ${producers} | ${same.path} | ${same.samples} | ${ms(same.p50)} | ${ms(same.p99)} | ${pct(same.workersCpu)} | |`);
    out(`| ${producers} | ${piped.path} | ${piped.samples} | ${ms(piped.p50)} | ${ms(piped.p99)} | ${pct(piped.workersCpu)} | ${pct((piped.workersCpu - same.workersCpu) / producers)} |`);
  }
}

/** Moderator action → last client, clients out of the server's process: plain Socket.IO, one and two Multaqa processes. */
async function spreadSweep(args: Args, redisUrl: string, out: (line?: string) => void): Promise<void> {
  out(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  out(`\ncommand: npm run bench -- --scenario spread --watchers ${args.watchers} --rounds ${args.rounds}\n`);
  out('| server | clients | rounds | payload | action → last client p50 | p99 | action → each client p50 | p99 |');
  out('|---|---|---|---|---|---|---|---|');
  for (const processes of [0, 1, 2]) {
    const r = await spreadFanOut({ redisUrl, secret: SECRET, processes, clients: args.watchers, rounds: args.rounds });
    out(`| ${r.label} | ${r.clients} | ${r.rounds} | ${r.payloadBytes} B | ${ms(r.lastP50)} | ${ms(r.lastP99)} | ${ms(r.eachP50)} | ${ms(r.eachP99)} |`);
  }
}

/** Join storm over two server processes, clients out of them, at a fixed rate. */
async function stormOverTwo(args: Args, redisUrl: string, out: (line?: string) => void): Promise<void> {
  out(`\ncommand: npm run bench -- --scenario storm --clients ${args.clients} --rate ${args.rate}\n`);
  out('| server processes | clients | joins/s | join ack p50 | p99 | max | server RSS per participant |');
  out('|---|---|---|---|---|---|---|');
  const r = await spreadJoin({ redisUrl, secret: SECRET, processes: 2, clients: args.clients, rate: args.rate });
  out(`| ${r.processes} | ${r.clients} | ${r.rate} | ${ms(r.joinP50)} | ${ms(r.joinP99)} | ${ms(r.joinMax)} | ${(r.rssPerParticipant / 1024).toFixed(1)} KB |`);
}

/**
 * One worker, N consumers over SRTP to receivers in another process: audio only, and audio with
 * a 360p video (a listener consumes both), in both SRTP suites browsers may negotiate. Rows stop
 * at the first N the machine cannot carry (the worker or the receivers stop answering).
 */
async function consumerSweep(args: Args, out: (line?: string) => void): Promise<void> {
  out(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  out(`\ncommand: npm run bench -- --scenario consumers --seconds ${args.seconds}\n`);
  out('| SRTP | media per listener | listeners | consumers | source packets/s | forwarded packets/s | loss | worker CPU | CPU per 100 consumers | packets/s per core |');
  out('|---|---|---|---|---|---|---|---|---|---|');
  const pct = (value: number) => `${(value * 100).toFixed(value < 0.01 ? 2 : 1)} %`;
  // Chromium negotiates AEAD_AES_256_GCM with mediasoup (its getStats srtpCipher); the others for comparison.
  const plans: Array<{ srtp: SrtpSuite; video: boolean; listeners: number[] }> = [
    { srtp: 'AEAD_AES_256_GCM', video: false, listeners: [250, 500, 1_000, 1_500] },
    { srtp: 'AEAD_AES_256_GCM', video: true, listeners: [125, 250, 500, 1_000] },
    { srtp: 'AEAD_AES_128_GCM', video: false, listeners: [250, 500, 1_000, 1_500, 2_000] },
    { srtp: 'AES_CM_128_HMAC_SHA1_80', video: false, listeners: [250, 500, 1_000] },
    { srtp: 'AEAD_AES_128_GCM', video: true, listeners: [125, 250, 500, 1_000] },
    { srtp: 'AES_CM_128_HMAC_SHA1_80', video: true, listeners: [125, 250, 500] },
  ];
  for (const plan of plans) {
    for (const listeners of plan.listeners) {
      const media = plan.video ? 'Opus + 360p VP8' : 'Opus';
      try {
        const r = await consumersPerWorker({ listeners, video: plan.video, seconds: args.seconds, srtp: plan.srtp });
        out(
          `| ${plan.srtp} | ${media} | ${r.listeners} | ${r.consumers} | ${Math.round(r.sourcePps)} | ${Math.round(r.forwardedPps)} | ${pct(r.loss)} | ${pct(r.workerCpu)} | ${pct((r.workerCpu * 100) / r.consumers)} | ${Math.round(r.forwardedPps / r.workerCpu)} |`,
        );
        if (r.loss > 0.05) break;
      } catch (error) {
        out(`| ${plan.srtp} | ${media} | ${listeners} | ${listeners * (plan.video ? 2 : 1)} | | | saturated: ${(error as Error).message} | | | |`);
        break;
      }
    }
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
