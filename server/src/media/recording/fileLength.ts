import { spawn } from 'node:child_process';

/**
 * How long a recorded file really is (ms): ffmpeg reads it through, packet by packet. For a file
 * whose writer died, which has no end written (no duration in its header, a page cut short),
 * this is what a player will play. Undefined if ffmpeg cannot read it at all.
 */
export function measuredLengthMs(ffmpeg: string, path: string): Promise<number | undefined> {
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-i', path, '-map', '0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-'];
  return new Promise((resolve) => {
    let progress = '';
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (chunk: Buffer) => (progress = (progress + chunk.toString()).slice(-4_000)));
    child.once('error', () => resolve(undefined));
    child.once('exit', () => {
      const times = [...progress.matchAll(/^out_time_us=(\d+)$/gm)];
      const last = times.at(-1)?.[1];
      resolve(last === undefined ? undefined : Math.round(Number(last) / 1000));
    });
  });
}
