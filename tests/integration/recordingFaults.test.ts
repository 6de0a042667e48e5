import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingLogJson } from '@multaqa/server/domain/recording/recordingLog.ts';
import { JoinedClients, type Grant } from '../support/joinedClients.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { completeManifest, decodeAudio, heardBetween, probe } from '../support/recordedFiles.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';

// A recording whose parts fail for real: an ffmpeg killed (SIGKILL) while it writes, and the
// disk filling up (a file allocated with fallocate on the disk of RECORDINGS_DIR, under the
// floor the server was given: RECORDINGS_MIN_FREE_MB, set a little under the free space there).
const SESSION = 'plenary-4';
const MB = 1024 * 1024;
/** Free space above the floor when the server starts: enough for what other work on this machine writes meanwhile. */
const MARGIN_MB = 2_048;

let server: TestServer;
let recordingsDir: string;
let floorMb: number;
const clients = new JoinedClients();
const peers: PeerProcess[] = [];
const filler = () => join(recordingsDir, 'filler.bin');

const freeBytes = async (path: string) => {
  const disk = await statfs(path);
  return disk.bavail * disk.bsize;
};

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'multaqa-faults-'));
  floorMb = Math.floor((await freeBytes(recordingsDir)) / MB) - MARGIN_MB;
  if (floorMb < 64) throw new Error(`these tests need more than ${MARGIN_MB + 64} MB free on the disk of ${recordingsDir}`);
  server = await startTestServer({ RECORDINGS_DIR: recordingsDir, RECORDINGS_MIN_FREE_MB: String(floorMb) });
});
afterEach(async () => {
  clients.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  await rm(filler(), { force: true });
});
afterAll(async () => {
  await server?.close();
  if (recordingsDir) rmSync(recordingsDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const joinAs = (name: string, grant: Grant, id: string) => clients.join(server.url, name, grant, SESSION, id);

/** Takes the disk's free space under the floor, for real: a file allocated until statfs says so. */
async function fillDisk(): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const free = await freeBytes(recordingsDir);
    if (free < floorMb * MB - 64 * MB) return;
    const have = await stat(filler()).then((file) => file.size, () => 0);
    const result = spawnSync('fallocate', ['-l', String(have + free - floorMb * MB + 256 * MB), filler()], { encoding: 'utf8' });
    if (result.error || result.status !== 0) throw new Error(`fallocate failed (apt-get install util-linux): ${result.error?.message ?? result.stderr}`);
  }
  throw new Error('could not take the free space under the floor');
}

async function sender(name: string, id: string, toneHz: number): Promise<PeerProcess> {
  const token = await server.token(name, { role: 'speaker' }, { sessionId: SESSION, participantId: id });
  const peer = new PeerProcess({ url: server.url, token, mode: 'send', source: 'microphone', toneHz });
  peers.push(peer);
  await peer.waitFor((r: PeerReport) => r.event === 'produced');
  return peer;
}


/** Processes of this machine whose command line mentions `text`. */
async function processesMentioning(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(Number(pid));
  }
  return found;
}

describe('a recording whose ffmpeg dies', () => {
  it('goes on: the moderators are told at once, the manifest says which track stopped early and how long it really is, and every other track is complete', async () => {
    const moderator = await joinAs('Mona', { role: 'moderator' }, 'fault-mona');
    const attendee = await joinAs('Adam', { role: 'attendee' }, 'fault-adam');
    await sender('Sara', 'fault-sara', 440);
    await sender('Omar', 'fault-omar', 660);
    const { recording } = await moderator.client.call('recording:start', {});
    const startedAt = Date.parse(recording.startedAt);
    const dir = join(recordingsDir, SESSION, recording.id);
    await sleep(2_500);

    const [writer, ...more] = await processesMentioning(join(dir, 'microphone-fault-sara.ogg'));
    expect(writer).toBeDefined();
    expect(more).toEqual([]);
    const killedAt = Date.now();
    process.kill(writer!, 'SIGKILL');
    const fault = await moderator.client.next('recording:faulted', (f) => f.fault === 'trackStopped', 5_000);
    const toldMs = Date.now() - killedAt;
    expect(fault).toMatchObject({
      fault: 'trackStopped',
      recordingId: recording.id,
      cause: 'writerExited',
      track: { file: 'microphone-fault-sara.ogg', source: 'microphone', participant: { id: 'fault-sara', name: 'Sara' } },
    });
    expect(toldMs).toBeLessThan(1_000);
    if (fault.fault === 'trackStopped') expect(Math.abs(fault.atMs - (killedAt - startedAt))).toBeLessThan(500);

    await sleep(2_500);
    // Still recording for everyone: only the moderators heard of the lost track.
    expect(attendee.client.received.map((r) => r.event).filter((event) => event.startsWith('recording:'))).toEqual(['recording:changed']);
    expect(await moderator.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });

    const manifest = await completeManifest(recordingsDir, SESSION, recording.id);
    const lengthS = (Date.parse(manifest.stoppedAt!) - startedAt) / 1000;
    const killed = manifest.tracks.find((track) => track.file === 'microphone-fault-sara.ogg')!;
    expect(killed.stoppedEarly).toMatchObject({ cause: 'writerExited' });
    expect(Math.abs(killed.stoppedEarly!.atMs - (killedAt - startedAt))).toBeLessThan(500);
    // Its length is what the file holds (ffmpeg reads it through), which is about up to the kill.
    const killedS = probe(join(dir, killed.file)).duration;
    const untilKillS = (killedAt - startedAt - killed.startOffsetMs) / 1000;
    expect(Math.abs(killed.durationMs! / 1000 - killedS), `${killed.durationMs} ms listed, ${killedS} s in the file`).toBeLessThan(0.3);
    expect(killedS).toBeGreaterThan(untilKillS - 1.2);
    expect(killedS).toBeLessThan(untilKillS + 0.2);
    expect(heardBetween(decodeAudio(join(dir, killed.file)), 200, killedS * 1000 - 200, [440, 660])).toBe(440);

    // Every other track went on to the end.
    const others = manifest.tracks.filter((track) => track !== killed && track.source !== 'floor');
    expect(others.map((track) => track.file).sort()).toEqual(['channel-en.ogg', 'channel-es.ogg', 'channel-fr.ogg', 'channel-ms.ogg', 'channel-tr.ogg', 'channel-ur.ogg', 'microphone-fault-omar.ogg']);
    for (const track of others) {
      expect(track.stoppedEarly, track.file).toBeUndefined();
      const probed = probe(join(dir, track.file)).duration;
      expect(Math.abs(track.startOffsetMs / 1000 + probed - lengthS), `${track.file}: ${probed} s from ${track.startOffsetMs} ms of ${lengthS} s`).toBeLessThanOrEqual(1);
    }
    const omar = decodeAudio(join(dir, 'microphone-fault-omar.ogg'));
    expect(heardBetween(omar, 300, lengthS * 1000 - 300, [440, 660])).toBe(660);
    const log = JSON.parse(await readFile(join(dir, 'log.json'), 'utf8')) as RecordingLogJson;
    expect(log.entries.find((entry) => entry.type === 'track.ended' && entry.file === killed.file)).toMatchObject({ stoppedEarly: true });
    console.info(`moderators told ${toldMs} ms after the kill; the killed track holds ${killedS} s of the ${untilKillS.toFixed(2)} s before it; recording of ${lengthS} s`);
  });
});

describe('a recording and the free disk space', () => {
  it('is refused, with the reason, while the disk has less free space than RECORDINGS_MIN_FREE_MB', async () => {
    const moderator = await joinAs('Mona', { role: 'moderator' }, 'disk-mona');
    await fillDisk();
    const refused = await moderator.client.request('recording:start', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STORAGE', message: expect.stringContaining(`at least ${floorMb} MB`) } });
    expect(moderator.client.received.some((r) => r.event === 'recording:changed')).toBe(false);

    await rm(filler());
    expect(await moderator.client.request('recording:start', {})).toMatchObject({ ok: true });
    expect(await moderator.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
  });

  it('stops cleanly when the disk fills up while it runs, and the moderators are told why', async () => {
    const moderator = await joinAs('Mona', { role: 'moderator' }, 'disk-mona');
    const attendee = await joinAs('Adam', { role: 'attendee' }, 'disk-adam');
    const { recording } = await moderator.client.call('recording:start', {});
    await sleep(1_500);
    const filledAt = Date.now();
    await fillDisk();

    const fault = await moderator.client.next('recording:faulted', (f) => f.fault === 'diskFull', 10_000);
    const toldMs = Date.now() - filledAt;
    expect(fault).toMatchObject({ fault: 'diskFull', recordingId: recording.id, minFreeMb: floorMb });
    if (fault.fault === 'diskFull') expect(fault.freeMb).toBeLessThan(floorMb);
    await attendee.client.next('recording:changed', (change) => change.recording === null, 15_000);
    expect(attendee.client.received.some((r) => r.event === 'recording:faulted')).toBe(false);

    const manifest = await completeManifest(recordingsDir, SESSION, recording.id);
    expect(manifest.stopReason).toBe('diskFull');
    const lengthS = (Date.parse(manifest.stoppedAt!) - Date.parse(manifest.startedAt)) / 1000;
    for (const track of manifest.tracks) {
      const probed = probe(join(recordingsDir, SESSION, recording.id, track.file)).duration;
      expect(Math.abs(probed - lengthS), track.file).toBeLessThanOrEqual(1);
    }
    const log = JSON.parse(await readFile(join(recordingsDir, SESSION, recording.id, 'log.json'), 'utf8')) as RecordingLogJson;
    expect(log.entries.at(-1)).toMatchObject({ type: 'recording.stopped', reason: 'diskFull' });
    // Free again, it can be recorded again.
    await rm(filler());
    expect(await moderator.client.request('recording:start', {})).toMatchObject({ ok: true });
    expect(await moderator.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
    console.info(`disk filled: moderators told after ${toldMs} ms`);
  });
});
