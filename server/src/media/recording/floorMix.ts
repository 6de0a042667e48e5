import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Logger } from '../../logger.ts';

export type FloorMixInput = { file: string; startOffsetMs: number };

/**
 * The floor as its listeners heard it: every stage microphone of a finished recording mixed
 * into one Opus file as long as the recording, each where it started. The one file that is
 * re-encoded (mixing cannot be done on packets); made once the tracks are written, at a low
 * priority. Resolves with whether the file was made.
 */
export function mixFloor(options: { ffmpeg: string; dir: string; inputs: FloorMixInput[]; lengthMs: number; output: string; logger: Logger }): Promise<boolean> {
  const { ffmpeg, dir, inputs, lengthMs, output, logger } = options;
  if (inputs.length === 0) return Promise.resolve(false);
  const seconds = (lengthMs / 1000).toFixed(3);
  const delayed = inputs.map(({ startOffsetMs }, index) => `[${index}:a]adelay=delays=${Math.round(startOffsetMs)}:all=1[a${index}]`);
  const mixed = inputs.length === 1 ? '[a0]anull[m]' : `${inputs.map((_, index) => `[a${index}]`).join('')}amix=inputs=${inputs.length}:normalize=0:duration=longest[m]`;
  const filter = [...delayed, mixed, `[m]apad,atrim=0:${seconds}[out]`].join(';');
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'error',
    ...inputs.flatMap(({ file }) => ['-i', join(dir, file)]),
    '-filter_complex', filter,
    '-map', '[out]',
    '-ac', '1',
    '-c:a', 'libopus',
    '-b:a', '48k',
    '-f', 'ogg',
    '-y', join(dir, output),
  ];
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn('nice', ['-n', '10', ffmpeg, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
    child.once('error', (error) => {
      logger.warn({ err: error }, 'could not mix the floor of a recording');
      resolve(false);
    });
    child.once('exit', (code) => {
      if (code !== 0) logger.warn({ code, stderr, output }, 'could not mix the floor of a recording');
      resolve(code === 0);
    });
  });
}
