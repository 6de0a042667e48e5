import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { LIFTED_ADDRESS_LIMITS } from './testLimits.ts';
import { TEST_SECRET } from './testServer.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A second Multaqa server in its own OS process, sharing the test run's Redis, as `npm start` runs it. */
export class ServerProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly printed: () => string,
  ) {}

  /** Everything the process printed so far (stdout and stderr). */
  get output(): string {
    return this.printed();
  }

  static async start(overrides: Record<string, string> = {}): Promise<ServerProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      REDIS_URL: inject('redisUrl'),
      TOKEN_SECRET: TEST_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      MEDIASOUP_WORKERS: '1',
      LOG_LEVEL: 'warn',
      ...LIFTED_ADDRESS_LIMITS,
      ...overrides,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`second server did not start in 30 s:\n${output}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /This process listens on (http:\/\/\S+)/.exec(output) ?? /Multaqa is running at (http:\/\/\S+)\n(?!  This process)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`second server exited with ${code}:\n${output}`)));
    });
    return new ServerProcess(url, child, () => output);
  }

  /** Stops the process without ending it (SIGSTOP): a server that hangs, its connections open. */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  /** Lets a paused process go on (SIGCONT). */
  resume(): void {
    this.child.kill('SIGCONT');
  }

  /** Kills the process without letting it clean up, as a crash or a power cut would. */
  async crash(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, then how the process ended and how long it took (SIGKILL only after `limitMs`). */
  async terminate(limitMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const startedAt = Date.now();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), limitMs);
    const ended = await exited;
    clearTimeout(force);
    return { ...ended, ms: Date.now() - startedAt };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.resume(); // a paused process would not hear the SIGTERM
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(force);
  }
}
