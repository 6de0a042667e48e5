import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../../logger.ts';
import { udpPortsHeldBy } from './udpPorts.ts';

export type FfmpegTrackOptions = {
  /** The ffmpeg executable. */
  ffmpeg: string;
  /** What to receive (see sdpFor), with the port in it. */
  sdp: string;
  /** The RTP port (RTCP: the next one), reserved for this track (reserveUdpPortPair). */
  port: number;
  output: string;
  format: 'ogg' | 'webm' | 'matroska';
  logger: Logger;
  /** How long ffmpeg may take to listen. */
  startTimeoutMs?: number;
};

/**
 * Written as it comes: every packet goes to the file at once (`-flush_packets 1`), in short Ogg
 * pages and Matroska clusters, so an ffmpeg that dies (killed, out of disk) leaves a file
 * that holds everything up to a quarter of a second (a second for video) before it died.
 */
const WRITTEN_AS_IT_COMES: Record<FfmpegTrackOptions['format'], string[]> = {
  ogg: ['-flush_packets', '1', '-page_duration', '250000'],
  webm: ['-flush_packets', '1', '-cluster_time_limit', '1000'],
  matroska: ['-flush_packets', '1', '-cluster_time_limit', '1000'],
};

/**
 * One ffmpeg writing one RTP stream from 127.0.0.1 into a file, as it comes (`-c copy`: no
 * re-encoding). Started once it listens (its own process holds both UDP ports: a port held by
 * anyone else, another track's ffmpeg too, is not this track's), so no packet sent after that
 * is lost; stopped by an RTCP BYE, on which it writes the container's end (durations, cues).
 * If this server process dies, ffmpeg ends by itself: its RTP input gives up after 10 s
 * without packets, and it closes the file properly. (A parent-death signal would not do: the
 * kernel sends one as each thread of the dying process goes, and two signals make ffmpeg drop
 * the file's end.)
 */
export class FfmpegTrack {
  #stderr = '';
  readonly #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: FfmpegTrackOptions,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4_000);
    });
    this.#exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(options: FfmpegTrackOptions): Promise<FfmpegTrack> {
    const args = [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel', 'warning',
      '-protocol_whitelist', 'pipe,udp,rtp',
      '-localaddr', '127.0.0.1',
      '-buffer_size', String(1 << 20),
      '-f', 'sdp',
      '-i', 'pipe:0',
      '-map', '0',
      '-c', 'copy',
      ...WRITTEN_AS_IT_COMES[options.format],
      '-f', options.format,
      '-y', options.output,
    ];
    // Its own process group: a Ctrl+C in the terminal reaches the server, which stops ffmpeg in order.
    const child = spawn(options.ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    const track = new FfmpegTrack(child, options);
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    child.stdin!.on('error', () => undefined); // an ffmpeg that died early closes it; the exit says why
    try {
      await spawned;
      child.stdin!.end(options.sdp);
      await track.#listening(options.startTimeoutMs ?? 10_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`ffmpeg could not start recording ${options.output}: ${error instanceof Error ? error.message : String(error)}${track.#stderr ? `\n${track.#stderr}` : ''}`);
    }
    return track;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether ffmpeg is still running. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Lets ffmpeg finish the file: `bye()` should send it an RTCP BYE, which ends its input (a
   * signal does not while it waits for packets that no longer come). Interrupted if it has not
   * finished after half of `timeoutMs`, killed after all of it.
   */
  async stop(bye: () => void, timeoutMs = 10_000): Promise<void> {
    const byes = setInterval(bye, 200);
    bye();
    const interrupt = setTimeout(() => this.child.kill('SIGINT'), timeoutMs / 2);
    const kill = setTimeout(() => {
      this.options.logger.warn({ output: this.options.output }, 'ffmpeg did not finish a recording in time; killed');
      this.child.kill('SIGKILL');
    }, timeoutMs);
    const { code, signal } = await this.#exited;
    for (const timer of [byes, interrupt, kill]) clearTimeout(timer);
    if (code !== 0) this.options.logger.warn({ output: this.options.output, code, signal, stderr: this.#stderr }, 'ffmpeg ended a recording badly');
  }

  /** Resolves when ffmpeg has exited, for whatever reason. */
  get exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.#exited;
  }

  /** What ffmpeg said last (its warnings and errors). */
  get stderr(): string {
    return this.#stderr;
  }

  /** Whether ffmpeg said the disk refused to take more. */
  get outOfSpace(): boolean {
    return /No space left on device/i.test(this.#stderr);
  }

  async #listening(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const ports = [this.options.port, this.options.port + 1];
    while (!(await udpPortsHeldBy(this.child.pid!, ports))) {
      if (!this.running) throw new Error(`ffmpeg exited (${this.child.exitCode ?? this.child.signalCode})`);
      if (Date.now() > deadline) throw new Error(`ffmpeg did not listen within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
