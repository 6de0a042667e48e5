import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes a looping test tone with sox: 16-bit mono 48 kHz WAV, as Chromium's fake microphone wants. */
export function makeTone(hz: number, dir = mkdtempSync(join(tmpdir(), 'multaqa-tones-'))): string {
  const file = join(dir, `tone-${hz}.wav`);
  const result = spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', file, 'synth', '4', 'sine', String(hz), 'vol', '0.5']);
  if (result.error || result.status !== 0) {
    throw new Error(`sox could not make a ${hz} Hz tone (${result.error?.message ?? result.stderr}); install it with: apt-get install sox`);
  }
  return file;
}
