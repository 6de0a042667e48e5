import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sdpFor } from '@multaqa/server/domain/recording/tracks.ts';
import { createLogger } from '@multaqa/server/logger.ts';
import { FfmpegTrack } from '@multaqa/server/media/recording/ffmpegTrack.ts';

// Real ffmpeg processes and real sockets: a recorder's port is its own ffmpeg's, never one that
// some other process (another track's ffmpeg, anything else) happens to hold.

const dir = mkdtempSync(join(tmpdir(), 'multaqa-ports-'));
const logger = createLogger('silent');
const opus = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2 };
const running: FfmpegTrack[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(running.splice(0).map((track) => track.stop(() => undefined, 2_000)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bind(port = 0): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      sockets.push(socket);
      resolve(socket);
    });
  });
}

/** A loopback port whose next port is free too, as the kernel gives it now. */
async function portPair(): Promise<number> {
  for (;;) {
    const first = await bind();
    const port = first.address().port;
    const second = await bind(port + 1).catch(() => undefined);
    for (const socket of [first, second]) {
      if (!socket) continue;
      socket.close();
      sockets.splice(sockets.indexOf(socket), 1);
    }
    if (second) return port;
  }
}

async function start(port: number, name: string): Promise<FfmpegTrack> {
  const track = await FfmpegTrack.start({ ffmpeg: 'ffmpeg', sdp: sdpFor('audio', opus, port), port, output: join(dir, name), format: 'ogg', logger, startTimeoutMs: 3_000 });
  running.push(track);
  return track;
}

describe("a recorder's UDP port", () => {
  it('is taken only once its own ffmpeg holds it: a second track started on the port of the first is refused', async () => {
    const port = await portPair();
    const first = await start(port, 'first.ogg');
    expect(first.running).toBe(true);
    const startedAt = Date.now();
    await expect(start(port, 'second.ogg')).rejects.toThrow(/ffmpeg could not start recording .*second\.ogg/);
    // Refused because its ffmpeg could not bind, not after waiting out the start timeout.
    expect(Date.now() - startedAt).toBeLessThan(2_500);
    expect(first.running).toBe(true);
  });

  it('is not taken as ready when another process (not ffmpeg) holds it', async () => {
    const port = await portPair();
    await bind(port);
    await expect(start(port, 'squatted.ogg')).rejects.toThrow(/ffmpeg could not start recording/);
  });
});
