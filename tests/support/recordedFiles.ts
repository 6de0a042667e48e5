import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '@multaqa/server/store/recordingArchive.ts';

/** What ffprobe reads in a recorded file: its first stream's codec and the file's duration (s). */
export function probe(path: string): { codec: string; type: string; duration: number } {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type:format=duration', '-of', 'json', path], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new Error(`ffprobe could not read ${path}: ${result.error?.message ?? result.stderr}`);
  const json = JSON.parse(result.stdout) as { streams: Array<{ codec_name: string; codec_type: string }>; format: { duration?: string } };
  const [stream] = json.streams;
  if (!stream) throw new Error(`${path} has no stream`);
  return { codec: stream.codec_name, type: stream.codec_type, duration: Number(json.format.duration ?? Number.NaN) };
}

export const PCM_RATE = 8_000;

/** A recorded audio file decoded by ffmpeg to mono 16-bit samples at PCM_RATE. */
export function decodeAudio(path: string): Int16Array {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 's16le', '-ac', '1', '-ar', String(PCM_RATE), '-'], { maxBuffer: 64 << 20 });
  if (result.error || result.status !== 0) throw new Error(`ffmpeg could not decode ${path}: ${result.error?.message ?? result.stderr}`);
  const bytes = result.stdout as Buffer;
  return new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
}

/** RMS level and the power of each tone (Goertzel) in the samples between two times (ms). */
export function tonesBetween(pcm: Int16Array, fromMs: number, toMs: number, tonesHz: number[]): { rms: number; power: Record<number, number> } {
  const from = Math.max(0, Math.floor((fromMs / 1000) * PCM_RATE));
  const to = Math.min(pcm.length, Math.floor((toMs / 1000) * PCM_RATE));
  const samples = pcm.subarray(from, to);
  let energy = 0;
  for (const sample of samples) energy += sample * sample;
  const power: Record<number, number> = {};
  for (const hz of tonesHz) {
    const coefficient = 2 * Math.cos((2 * Math.PI * hz) / PCM_RATE);
    let previous = 0;
    let beforePrevious = 0;
    for (const sample of samples) {
      const current = sample + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
    }
    power[hz] = (previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious) / Math.max(1, samples.length) ** 2;
  }
  return { rms: samples.length ? Math.sqrt(energy / samples.length) : 0, power };
}

/** The tone (of `tonesHz`) that is at least 10 times stronger than every other one there, or 'silence', or 'mixed'. */
export function heardBetween(pcm: Int16Array, fromMs: number, toMs: number, tonesHz: number[]): number | 'silence' | 'mixed' {
  const { rms, power } = tonesBetween(pcm, fromMs, toMs, tonesHz);
  if (rms < 100) return 'silence';
  const [loudest, ...others] = [...tonesHz].sort((a, b) => power[b]! - power[a]!);
  return others.every((hz) => power[loudest!]! > 10 * power[hz]!) ? loudest! : 'mixed';
}

/** The manifest of a recording in `recordingsDir` once it is complete (its files written), waiting for it. */
export async function completeManifest(recordingsDir: string, sessionId: string, recordingId: string, timeoutMs = 20_000): Promise<Manifest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const raw = await readFile(join(recordingsDir, sessionId, recordingId, 'manifest.json'), 'utf8').catch(() => undefined);
    const manifest = raw ? (JSON.parse(raw) as Manifest) : undefined;
    if (manifest?.status === 'complete') return manifest;
    if (Date.now() > deadline) throw new Error(`recording ${recordingId} was not complete within ${timeoutMs} ms: ${raw}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
