import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { RequestName } from '@multaqa/shared';
import type { PeerOptions, PeerReport } from './wrtcPeer.ts';

const PEER_SCRIPT = fileURLToPath(new URL('./wrtcPeer.ts', import.meta.url));

/** A wrtc peer in its own process, and what it has reported so far. */
export class PeerProcess {
  readonly reports: PeerReport[] = [];
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  #stderr = '';
  #exited: Promise<number | null>;

  constructor(options: PeerOptions) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', PEER_SCRIPT, JSON.stringify(options)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      try {
        this.reports.push(JSON.parse(line) as PeerReport);
      } catch {
        this.#stderr += `${line}\n`;
      }
      for (const wake of this.#waiters) wake();
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()));
    this.#exited = new Promise((resolve) =>
      this.#child.once('exit', (code) => {
        for (const wake of this.#waiters) wake();
        resolve(code);
      }),
    );
  }

  /** The first report that matches, waiting for it; fails on the peer's error or exit. */
  waitFor<R extends PeerReport>(match: (report: PeerReport) => report is R, timeoutMs?: number): Promise<R>;
  waitFor(match: (report: PeerReport) => boolean, timeoutMs?: number): Promise<PeerReport>;
  waitFor(match: (report: PeerReport) => boolean, timeoutMs = 15_000): Promise<PeerReport> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.reports.find(match);
        const error = this.reports.find((r) => r.event === 'error');
        if (found || error || this.#child.exitCode !== null) {
          clearTimeout(timer);
          this.#waiters.delete(check);
          if (found) resolve(found);
          else reject(new Error(`peer ${error ? `failed: ${(error as { message: string }).message}` : 'exited'}\n${this.#stderr}`));
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`peer did not report in ${timeoutMs} ms; reports: ${JSON.stringify(this.reports.slice(-3))}\n${this.#stderr}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** Latest frame count report, once it satisfies `enough`. */
  framesWhere(enough: (report: Extract<PeerReport, { event: 'frames' }>) => boolean, timeoutMs?: number) {
    return this.waitFor(
      (r): r is Extract<PeerReport, { event: 'frames' }> =>
        r.event === 'frames' && r === this.reports.findLast((x) => x.event === 'frames') && enough(r),
      timeoutMs,
    );
  }

  /** Has the peer make a request on its own connection; resolves with the ack it got. */
  async request(request: RequestName, payload: unknown = {}): Promise<unknown> {
    const seen = this.reports.length;
    this.#child.stdin!.write(`${JSON.stringify({ request, payload })}\n`);
    const report = await this.waitFor((r) => r.event === 'ack' && r.request === request && this.reports.indexOf(r) >= seen);
    return (report as { ack: unknown }).ack;
  }

  /** Has a receiving peer restart ICE on its receive transport; resolves with the old and new username fragments. */
  async restartIce(): Promise<{ before: string; after: string }> {
    const seen = this.reports.length;
    this.#child.stdin!.write(`${JSON.stringify({ restartIce: true })}\n`);
    const report = await this.waitFor((r) => r.event === 'iceRestarted' && this.reports.indexOf(r) >= seen);
    return report as Extract<PeerReport, { event: 'iceRestarted' }>;
  }

  /** Waits for the next frame report made after this call (reports come every 250 ms). */
  async freshFrames(): Promise<void> {
    const seen = this.reports.length;
    await this.waitFor((r) => r.event === 'frames' && this.reports.indexOf(r) >= seen);
  }

  /** Audible frames from `producerId` over the next `ms` milliseconds. */
  async framesDuring(producerId: string, ms: number): Promise<number> {
    await this.freshFrames();
    const before = this.framesFrom(producerId);
    await new Promise((resolve) => setTimeout(resolve, ms));
    await this.freshFrames();
    return this.framesFrom(producerId) - before;
  }

  /** Audible frames received from one producer so far (by all receivers here, or by receiver `peer`). */
  framesFrom(producerId: string, peer?: number): number {
    const last = this.reports.findLast((r) => r.event === 'frames') as Extract<PeerReport, { event: 'frames' }> | undefined;
    return (peer === undefined ? last?.byProducer[producerId] : last?.byPeer[peer]?.[producerId]) ?? 0;
  }

  async stop(): Promise<number | null> {
    if (this.#child.exitCode === null) this.#child.stdin!.end('stop\n');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }
}
