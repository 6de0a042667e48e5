import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes a looping test tone with sox: 16-bit mono 48 kHz WAV, as Chromium's fake microphone wants. */
export function makeTone(hz: number, dir = mkdtempSync(join(tmpdir(), 'multaqa-tones-')), amplitude = 0.5): string {
  const file = join(dir, `tone-${hz}-${amplitude}.wav`);
  const result = spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', file, 'synth', '4', 'sine', String(hz), 'vol', String(amplitude)]);
  if (result.error || result.status !== 0) {
    throw new Error(`sox could not make a ${hz} Hz tone (${result.error?.message ?? result.stderr}); install it with: apt-get install sox`);
  }
  return file;
}

/**
 * A stepped tone: each frequency in turn for `secondsEach`, at the same amplitude (−12 dBFS),
 * 16-bit mono 48 kHz, looped by Chromium's fake microphone. For measuring a frequency response.
 */
export function makeSteppedTone(frequencies: number[], secondsEach = 0.8, dir = mkdtempSync(join(tmpdir(), 'multaqa-tones-'))): string {
  const file = join(dir, `steps-${frequencies.join('-')}.wav`);
  // One sox chain per step (":" starts the next), written one after another into the file.
  const steps = frequencies.flatMap((hz, i) => [...(i ? [':'] : []), 'synth', String(secondsEach), 'sine', String(hz), 'vol', '0.25']);
  const result = spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', file, ...steps]);
  if (result.error || result.status !== 0) {
    throw new Error(`sox could not make a stepped tone (${result.error?.message ?? result.stderr}); install it with: apt-get install sox`);
  }
  return file;
}
