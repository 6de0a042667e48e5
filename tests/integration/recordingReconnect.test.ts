import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RecordingListSchema, type RecordingFault, type RecordingSummary } from '@multaqa/shared';
import type { RecordingLogJson } from '@multaqa/server/domain/recording/recordingLog.ts';
import { JoinedClients } from '../support/joinedClients.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { completeManifest, decodeAudio, heardBetween, probe } from '../support/recordedFiles.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';

// Issue 18, point 4: a speaker who reconnects during a recording (their connection drops, they
// reload) is one microphone file, with silence while they were away; a camera that sends
// nothing is not left out of the list but listed as failed with why, and the moderators are
// told while the recording runs. Real worker, real ffmpeg, real WebRTC peers (wrtc).
const SESSION = 'plenary-5';

let server: TestServer;
let recordingsDir: string;
const clients = new JoinedClients();
const peers: PeerProcess[] = [];

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'multaqa-reconnect-'));
  server = await startTestServer({ RECORDINGS_DIR: recordingsDir });
});
afterEach(async () => {
  clients.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await server?.close();
  if (recordingsDir) rmSync(recordingsDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Yusuf on stage: his microphone (a 440 Hz tone) and a camera that never gives a frame. */
async function yusuf(): Promise<PeerProcess> {
  const token = await server.token('Yusuf', { role: 'speaker' }, { sessionId: SESSION, participantId: 'rc-yusuf' });
  const peer = new PeerProcess({ url: server.url, token, mode: 'send', source: 'microphone', toneHz: 440, camera: 'blank' });
  peers.push(peer);
  await peer.waitFor((r: PeerReport) => r.event === 'produced' && r.kind === 'audio');
  await peer.waitFor((r: PeerReport) => r.event === 'produced' && r.kind === 'video');
  return peer;
}


async function listRecordings(): Promise<RecordingSummary[]> {
  const token = await server.token('Olga', { role: 'organizer' }, { sessionId: SESSION });
  const response = await fetch(`${server.url}/api/sessions/${SESSION}/recordings`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return RecordingListSchema.parse(await response.json()).recordings;
}

describe('a speaker who reconnects during a recording', () => {
  it('is one microphone file as long as the recording (silence while away), and a camera that sends nothing is listed as failed, the moderators told while it runs', async () => {
    const moderator = await clients.join(server.url, 'Mona', { role: 'moderator' }, SESSION, 'rc-mona');
    let speaker = await yusuf();
    const { recording } = await moderator.client.call('recording:start', {});
    const startedAt = Date.parse(recording.startedAt);
    const since = () => Date.now() - startedAt;

    // Two reconnects: the connection goes (his producers close), and he is back a moment later.
    const away: Array<{ from: number; to: number }> = [];
    for (const _ of [1, 2]) {
      await sleep(2_500);
      const from = since();
      await speaker.stop();
      await sleep(1_500);
      speaker = await yusuf();
      away.push({ from, to: since() });
    }
    await sleep(2_500);
    const failedLive = moderator.client.received
      .filter((r) => r.event === 'recording:faulted')
      .map((r) => r.payload as RecordingFault)
      .filter((fault) => fault.fault === 'trackFailed');
    expect(await moderator.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });

    const manifest = await completeManifest(recordingsDir, SESSION, recording.id);
    const lengthMs = Date.parse(manifest.stoppedAt!) - startedAt;
    const dir = join(recordingsDir, SESSION, recording.id);

    // One microphone file, from the recording's start to its end.
    const microphones = manifest.tracks.filter((track) => track.source === 'microphone');
    expect.soft(microphones.map((track) => track.file)).toEqual(['microphone-rc-yusuf.ogg']);
    const [microphone] = microphones;
    expect.soft(microphone).toMatchObject({ participant: { id: 'rc-yusuf', name: 'Yusuf' }, part: 1 });
    expect.soft(microphone!.failed).toBeUndefined();
    expect.soft(microphone!.startOffsetMs).toBeLessThan(500);
    const durationS = probe(join(dir, microphone!.file)).duration;
    expect.soft(Math.abs(microphone!.startOffsetMs / 1000 + durationS - lengthMs / 1000), `${durationS} s of a ${lengthMs} ms recording`).toBeLessThanOrEqual(1);
    // In sync: his tone where he was there, silence where he was away (in the file's own time).
    const pcm = decodeAudio(join(dir, microphone!.file));
    const at = (ms: number) => ms - microphone!.startOffsetMs;
    const present = [
      { from: 300, to: away[0]!.from - 300 },
      { from: away[0]!.to + 500, to: away[1]!.from - 300 },
      { from: away[1]!.to + 500, to: lengthMs - 300 },
    ];
    for (const { from, to } of present) expect.soft(heardBetween(pcm, at(from), at(to), [440]), `present ${from}–${to} ms`).toBe(440);
    // (His last packets may still come a moment after he went, his new ones a moment after he produced.)
    for (const { from, to } of away) expect.soft(heardBetween(pcm, at(from + 400), at(to - 400), [440]), `away ${from}–${to} ms`).toBe('silence');

    // The speaker log says when he came back, each time.
    const log = JSON.parse(await readFile(join(dir, 'log.json'), 'utf8')) as RecordingLogJson;
    const continued = log.entries.filter((entry) => entry.type === 'track.continued');
    expect.soft(continued.map((entry) => entry.type === 'track.continued' && entry.file)).toEqual(['microphone-rc-yusuf.ogg', 'microphone-rc-yusuf.ogg']);
    for (const [index, entry] of continued.entries()) expect.soft(Math.abs(entry.offsetMs - away[index]!.to), `back at ${away[index]!.to} ms, logged at ${entry.offsetMs} ms`).toBeLessThan(1_000);

    // The camera: a part per producer, each listed as failed (nothing received), none left out.
    const cameras = manifest.tracks.filter((track) => track.source === 'camera').sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
    expect.soft(cameras.map((track) => ({ file: track.file, part: track.part, failed: track.failed }))).toEqual([
      { file: 'camera-rc-yusuf.webm', part: 1, failed: { reason: 'noMedia' } },
      { file: 'camera-rc-yusuf-part2.webm', part: 2, failed: { reason: 'noMedia' } },
      { file: 'camera-rc-yusuf-part3.webm', part: 3, failed: { reason: 'noMedia' } },
    ]);
    expect.soft(cameras[1]?.startOffsetMs).toBeGreaterThanOrEqual(away[0]!.from);
    expect.soft(cameras[2]?.startOffsetMs).toBeGreaterThanOrEqual(away[1]!.from);

    // The moderators were told while it ran: the parts that ended before the recording did.
    expect.soft(failedLive.map((fault) => fault.fault === 'trackFailed' && { file: fault.track.file, part: fault.track.part, reason: fault.reason })).toEqual(
      expect.arrayContaining([
        { file: 'camera-rc-yusuf.webm', part: 1, reason: 'noMedia' },
        { file: 'camera-rc-yusuf-part2.webm', part: 2, reason: 'noMedia' },
      ]),
    );
    for (const fault of failedLive) expect.soft(fault).toMatchObject({ recordingId: recording.id, track: { source: 'camera', participant: { id: 'rc-yusuf', name: 'Yusuf' } } });

    // The organizer's list says the same.
    const [listed] = await listRecordings();
    const files = listed!.files.filter((file) => file.participant?.id === 'rc-yusuf');
    expect.soft(files.filter((file) => file.source === 'microphone')).toEqual([expect.objectContaining({ name: 'microphone-rc-yusuf.ogg', part: 1, bytes: statSync(join(dir, 'microphone-rc-yusuf.ogg')).size })]);
    expect.soft(files.filter((file) => file.source === 'camera').map((file) => [file.part, file.failed?.reason])).toEqual(
      expect.arrayContaining([
        [1, 'noMedia'],
        [2, 'noMedia'],
        [3, 'noMedia'],
      ]),
    );
    console.info(
      `recording of ${lengthMs} ms, away ${JSON.stringify(away)}; microphone file ${durationS} s from ${microphone!.startOffsetMs} ms (silence ${microphone!.silentMs} ms); camera parts from ${cameras.map((c) => c.startOffsetMs).join(', ')} ms; moderators told live of ${failedLive.length} failed part(s)`,
    );
  });
});
