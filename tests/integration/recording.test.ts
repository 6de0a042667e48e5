import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RecordingListSchema, type RecordingSummary } from '@multaqa/shared';
import type { RecordingLogJson } from '@multaqa/server/domain/recording/recordingLog.ts';
import { readdir, readFile } from 'node:fs/promises';
import type { Manifest } from '@multaqa/server/store/recordingArchive.ts';
import { JoinedClients } from '../support/joinedClients.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { completeManifest, decodeAudio, heardBetween, probe } from '../support/recordedFiles.ts';
import type { PeerReport } from '../support/wrtcPeer.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const SESSION = 'workshop-2';
const LANGUAGES = ['en', 'fr', 'es', 'tr', 'ur', 'ms'];

let server: TestServer;
let recordingsDir: string;
const clients = new JoinedClients();
const peers: PeerProcess[] = [];

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'multaqa-recordings-'));
  server = await startTestServer({ RECORDINGS_DIR: recordingsDir });
});
afterEach(async () => {
  clients.closeAll();
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});
afterAll(async () => {
  await server?.close();
  rmSync(recordingsDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const produced = (kind: 'audio' | 'video') => (r: PeerReport): r is Extract<PeerReport, { event: 'produced' }> => r.event === 'produced' && r.kind === kind;

type SenderOptions = { source: 'microphone' | 'interpretation'; toneHz: number; camera?: boolean; url?: string; sessionId?: string };

async function sender(name: string, id: string, grant: Parameters<TestServer['token']>[1], { url = server.url, sessionId = SESSION, ...options }: SenderOptions) {
  const token = await server.token(name, grant, { sessionId, participantId: id });
  const peer = new PeerProcess({ url, token, mode: 'send', ...options });
  peers.push(peer);
  await peer.waitFor(produced('audio'));
  if (options.camera) await peer.waitFor(produced('video'));
  return peer;
}

async function listRecordings(token: string, sessionId = SESSION, url = server.url): Promise<RecordingSummary[]> {
  const response = await fetch(`${url}/api/sessions/${sessionId}/recordings`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return RecordingListSchema.parse(await response.json()).recordings;
}

describe('recording a session', () => {
  it('every channel is one file through on-air, handover and silence, every stage camera and microphone its own, and the speaker log says what happened', async () => {
    const moderator = await clients.join(server.url, 'Mona', { role: 'moderator' }, SESSION, 'rec-mona');
    const attendee = await clients.join(server.url, 'Adam', { role: 'attendee' }, SESSION, 'rec-adam');
    const speaker = await sender('Sara', 'rec-sara', { role: 'speaker' }, { source: 'microphone', toneHz: 440, camera: true });
    const amal = await sender('Amal', 'rec-amal', { role: 'interpreter', language: 'fr' }, { source: 'interpretation', toneHz: 880 });
    const bruno = await sender('Bruno', 'rec-bruno', { role: 'interpreter', language: 'fr' }, { source: 'interpretation', toneHz: 990 });

    expect(await attendee.client.request('recording:start', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await amal.request('recording:start')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await moderator.client.request('recording:stop', {})).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    const start = await moderator.client.call('recording:start', {});
    const startedAt = Date.parse(start.recording.startedAt);
    expect(start.recording.by).toEqual({ id: 'rec-mona', name: 'Mona' });
    // Everyone sees the indicator, those who come later too; a second recording is refused.
    expect((await attendee.client.next('recording:changed', ({ recording }) => recording?.id === start.recording.id)).recording).toEqual(start.recording);
    const late = await clients.join(server.url, 'Lina', { role: 'attendee' }, SESSION, 'rec-lina');
    expect(late.joined.recording).toEqual(start.recording);
    expect(await moderator.client.request('recording:start', {})).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    const at = (ms: number) => sleep(startedAt + ms - Date.now());
    expect(await speaker.request('queue:raiseHand', { kind: 'normal', topic: 'Health' })).toMatchObject({ ok: true });
    await at(500);
    const floorGivenAt = Date.now() - startedAt;
    await moderator.client.call('floor:give', { participantId: 'rec-sara' });
    await at(1_000);
    const onAirAt = Date.now() - startedAt;
    expect(await amal.request('booth:goOnAir')).toMatchObject({ ok: true });
    await at(3_200);
    expect(await amal.request('booth:offerHandover')).toMatchObject({ ok: true });
    const handoverAt = Date.now() - startedAt;
    expect(await bruno.request('booth:takeOver')).toMatchObject({ ok: true, data: { booth: { onAir: 'rec-bruno' } } });
    await at(6_000);
    expect(await moderator.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
    expect((await attendee.client.next('recording:changed', ({ recording }) => recording === null)).recording).toBeNull();
    await moderator.client.call('floor:take', {}); // the queue in Redis outlives this test

    // The organizer's list: this recording, complete, with its files.
    const organizerToken = await server.token('Olga', { role: 'organizer' }, { sessionId: SESSION });
    // The floor mix (every stage microphone) is made once the tracks are written.
    await expect.poll(async () => (await listRecordings(organizerToken))[0]?.files.map((file) => file.name), { timeout: 20_000 }).toContain('floor-ar.ogg');
    const [recording] = await listRecordings(organizerToken);
    expect(recording).toMatchObject({ id: start.recording.id, status: 'complete', by: { id: 'rec-mona' } });
    const lengthS = (Date.parse(recording!.stoppedAt!) - startedAt) / 1000;
    expect(lengthS).toBeGreaterThan(5.5);
    const dir = join(recordingsDir, SESSION, recording!.id);
    const names = recording!.files.map((file) => file.name).sort();
    expect(names).toEqual([...LANGUAGES.map((language) => `channel-${language}.ogg`), 'floor-ar.ogg', 'camera-rec-sara.webm', 'log.json', 'microphone-rec-sara.ogg'].sort());

    // Each file: what ffprobe reads, codec and length (the whole recording, silent parts and all).
    const lengths: Record<string, number> = {};
    for (const file of recording!.files.filter((f) => f.kind !== 'log')) {
      const probed = probe(join(dir, file.name));
      expect(probed.codec, file.name).toBe(file.kind === 'video' ? 'vp8' : 'opus');
      lengths[file.name] = probed.duration;
      // A camera's file starts at its first key frame, which may come a moment after the
      // recording started; the list says when (its offset), and file and offset cover the whole.
      const startS = file.kind === 'video' ? (file.startOffsetMs ?? 0) / 1000 : 0;
      expect(Math.abs(startS + probed.duration - lengthS), `${file.name}: ${probed.duration} s from ${startS} s of a ${lengthS} s recording`).toBeLessThanOrEqual(1);
      expect(file.bytes).toBe(statSync(join(dir, file.name)).size);
    }

    // The speaker log, in order, at the times things happened.
    const log = (await (await fetch(new URL(recording!.files.find((f) => f.name === 'log.json')!.url, server.url))).json()) as RecordingLogJson;
    const events = log.entries.filter((entry) => !entry.type.startsWith('track.') && entry.type !== 'speaker.active');
    expect(events.map((entry) => entry.type)).toEqual(['recording.started', 'floor.given', 'booth.onAir', 'booth.handoverOffered', 'booth.handover', 'recording.stopped']);
    const entry = <T extends string>(type: T) => log.entries.find((e) => e.type === type) as Extract<RecordingLogJson['entries'][number], { type: T }>;
    expect(entry('recording.started')).toMatchObject({ offsetMs: 0, by: { id: 'rec-mona', name: 'Mona' }, at: start.recording.startedAt });
    expect(entry('floor.given')).toMatchObject({ to: { id: 'rec-sara', name: 'Sara' } });
    expect(entry('booth.onAir')).toMatchObject({ language: 'fr', interpreter: { id: 'rec-amal', name: 'Amal' } });
    expect(entry('booth.handover')).toMatchObject({ language: 'fr', from: { id: 'rec-amal', name: 'Amal' }, to: { id: 'rec-bruno', name: 'Bruno' }, offered: true });
    expect(entry('recording.stopped')).toMatchObject({ reason: 'stopped', by: { id: 'rec-mona' } });
    for (const [type, when] of [['floor.given', floorGivenAt], ['booth.onAir', onAirAt], ['booth.handover', handoverAt]] as const) {
      expect(Math.abs(entry(type).offsetMs - when), `${type} at ${entry(type).offsetMs} ms, done at ${when} ms`).toBeLessThan(500);
    }
    expect(Math.abs(entry('recording.stopped').offsetMs / 1000 - lengthS)).toBeLessThan(0.5);
    // Sara is the loudest on stage: when the recording started, or from a moment in it.
    const speakers = log.entries.flatMap((e) => (e.type === 'speaker.active' ? [e.speaker] : e.type === 'recording.started' && e.activeSpeaker ? [e.activeSpeaker] : []));
    expect(speakers, JSON.stringify(log.entries)).toContainEqual({ id: 'rec-sara', name: 'Sara' });
    for (const e of log.entries) expect(Date.parse(e.at) - startedAt).toBe(e.offsetMs);

    // What French listeners heard: nobody, then Amal's tone, then Bruno's, in one file.
    const french = decodeAudio(join(dir, 'channel-fr.ogg'));
    const tones = [440, 880, 990];
    const onAir = entry('booth.onAir').offsetMs;
    const handover = entry('booth.handover').offsetMs;
    const end = lengthS * 1000;
    expect(heardBetween(french, 100, onAir - 300, tones)).toBe('silence');
    expect(heardBetween(french, onAir + 300, handover - 300, tones)).toBe(880);
    expect(heardBetween(french, handover + 300, end - 300, tones)).toBe(990);
    expect(heardBetween(decodeAudio(join(dir, 'channel-es.ogg')), 100, end - 100, tones)).toBe('silence');
    expect(heardBetween(decodeAudio(join(dir, 'microphone-rec-sara.ogg')), 300, end - 300, tones)).toBe(440);
    expect(heardBetween(decodeAudio(join(dir, 'floor-ar.ogg')), 300, end - 300, tones)).toBe(440);
    console.info(`recording of ${lengthS} s; file durations (s): ${JSON.stringify(lengths)}`);
  });
});

describe('recordings over HTTP', () => {
  it('are listed and downloaded with an organizer join token in the Authorization header, or a signed link; refused otherwise', async () => {
    const moderator = await clients.join(server.url, 'Mona', { role: 'moderator' }, SESSION, 'http-mona');
    await moderator.client.call('recording:start', {});
    await sleep(1_500);
    await moderator.client.call('recording:stop', {});

    const organizer = await server.token('Olga', { role: 'organizer' }, { sessionId: SESSION });
    const [recording] = await listRecordings(organizer);
    const file = recording!.files.find((f) => f.name === 'channel-fr.ogg')!;
    const api = `${server.url}/api/sessions/${SESSION}/recordings`;
    const direct = `${api}/${recording!.id}/files/${file.name}`;

    const status = async (url: string, token?: string) => (await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {})).status;
    // No token, a bad one, one in the query string: not authenticated.
    for (const url of [api, direct]) {
      expect(await status(url)).toBe(401);
      expect(await status(url, 'not-a-real-token-at-all')).toBe(401);
      expect(await status(`${url}?token=${organizer}`)).toBe(401);
    }
    // Authenticated but not an organizer of this session: forbidden.
    const others = [
      await server.token('Mona', { role: 'moderator' }, { sessionId: SESSION }),
      await server.token('Adam', { role: 'attendee' }, { sessionId: SESSION }),
      await server.token('Olga', { role: 'organizer' }, { sessionId: 'plenary-6' }),
    ];
    for (const token of others) {
      expect(await status(api, token)).toBe(403);
      expect(await status(direct, token)).toBe(403);
    }

    const downloaded = await fetch(direct, { headers: { authorization: `Bearer ${organizer}` } });
    expect(downloaded.status).toBe(200);
    const body = Buffer.from(await downloaded.arrayBuffer());
    expect(body.length).toBe(file.bytes);
    expect(body.subarray(0, 4).toString()).toBe('OggS');

    // The signed link works without a header, and only as signed.
    expect(file.url).not.toContain(organizer);
    const signed = new URL(file.url, server.url);
    expect((await fetch(signed)).status).toBe(200);
    const otherFile = new URL(signed);
    otherFile.pathname = otherFile.pathname.replace('channel-fr', 'channel-es');
    expect((await fetch(otherFile)).status).toBe(403);
    const later = new URL(signed);
    later.searchParams.set('expires', String(Number(later.searchParams.get('expires')) + 3600));
    expect((await fetch(later)).status).toBe(403);
    // No way out of the recording's directory.
    expect(await status(`${api}/${recording!.id}/files/..%2F..%2Fmanifest.json`, organizer)).toBe(404);
    expect(await status(`${api}/${recording!.id}/files/x.sdp`, organizer)).toBe(404);
  });
});


/**
 * Every track of a manifest is read by ffprobe, with its codec, and lasts as the manifest says
 * (within 1 s): a channel the whole recording, a stage track from its start to its end in it.
 */
function expectTracksLast(manifest: Manifest) {
  const lengthS = (Date.parse(manifest.stoppedAt!) - Date.parse(manifest.startedAt)) / 1000;
  expect(manifest.tracks.length).toBeGreaterThan(0);
  for (const track of manifest.tracks) {
    const probed = probe(join(recordingsDir, manifest.sessionId, manifest.id, track.file));
    expect(probed.codec, track.file).toBe(track.codec);
    const expected = track.source === 'channel' ? lengthS : track.durationMs! / 1000;
    expect(Math.abs(probed.duration - expected), `${track.file}: ${probed.duration} s, expected ${expected} s (recording: ${lengthS} s)`).toBeLessThanOrEqual(1);
    expect(track.startOffsetMs / 1000 + track.durationMs! / 1000).toBeLessThanOrEqual(lengthS + 0.5);
  }
  return lengthS;
}

describe('a recording across server processes', () => {
  let other: ServerProcess;
  beforeAll(async () => {
    other = await ServerProcess.start({ RECORDINGS_DIR: recordingsDir });
  });
  afterAll(async () => {
    await other?.stop();
  });

  it('is shown on every process, refused a second time there, records what is published there, and is stopped from there', async () => {
    const session = 'plenary-4';
    const moderatorHere = await clients.join(server.url, 'Mona', { role: 'moderator' }, session, 'xp-mona');
    const speakerThere = await sender('Omar', 'xp-omar', { role: 'speaker' }, { source: 'microphone', toneHz: 660, url: other.url, sessionId: session });
    const attendeeThere = await clients.join(other.url, 'Adam', { role: 'attendee' }, session, 'xp-adam');
    const moderatorThere = await clients.join(other.url, 'Musa', { role: 'moderator' }, session, 'xp-musa');

    const { recording } = await moderatorHere.client.call('recording:start', {});
    expect((await attendeeThere.client.next('recording:changed', (change) => change.recording?.id === recording.id)).recording).toEqual(recording);
    const refused = await moderatorThere.client.request('recording:start', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('Mona') } });
    const lateThere = await clients.join(other.url, 'Lina', { role: 'attendee' }, session, 'xp-lina');
    expect(lateThere.joined.recording).toEqual(recording);
    // A speaker who starts publishing there during the recording gets a track from then on.
    const lateSpeakerThere = await sender('Hana', 'xp-hana', { role: 'speaker' }, { source: 'microphone', toneHz: 550, url: other.url, sessionId: session });

    // The moderator who started it leaves: nobody is left on the recording process, people are
    // on the other one, so it goes on.
    await sleep(1_000);
    moderatorHere.client.close();
    await sleep(2_500);
    expect((await clients.join(other.url, 'Nour', { role: 'attendee' }, session, 'xp-nour')).joined.recording).toEqual(recording);
    expect(await moderatorThere.client.request('recording:stop', {}, 30_000)).toEqual({ ok: true, data: {} });
    await attendeeThere.client.next('recording:changed', (change) => change.recording === null);

    // Written by this process; listed by the other one, which shares the directory.
    const manifest = await completeManifest(recordingsDir, session, recording.id);
    expect(manifest).toMatchObject({ stopReason: 'stopped' });
    const organizer = await server.token('Olga', { role: 'organizer' }, { sessionId: session });
    const [listed] = await listRecordings(organizer, session, other.url);
    expect(listed).toMatchObject({ id: recording.id, status: 'complete' });
    const lengthS = expectTracksLast(manifest);
    const microphone = manifest.tracks.find((track) => track.file === 'microphone-xp-omar.ogg');
    expect(microphone).toMatchObject({ participant: { id: 'xp-omar', name: 'Omar' } });
    const pcm = decodeAudio(join(recordingsDir, session, recording.id, microphone!.file));
    expect(heardBetween(pcm, 300, lengthS * 1000 - 300, [440, 550, 660])).toBe(660);
    expect(Math.abs(microphone!.durationMs! / 1000 - lengthS)).toBeLessThan(1);
    const late = manifest.tracks.find((track) => track.file === 'microphone-xp-hana.ogg');
    expect(late).toMatchObject({ participant: { id: 'xp-hana', name: 'Hana' } });
    expect(late!.startOffsetMs).toBeGreaterThan(300);
    expect(Math.abs((late!.startOffsetMs + late!.durationMs!) / 1000 - lengthS)).toBeLessThan(1);
    const latePcm = decodeAudio(join(recordingsDir, session, recording.id, late!.file));
    expect(heardBetween(latePcm, 300, late!.durationMs! - 300, [440, 550, 660])).toBe(550);
    await Promise.all([speakerThere.stop(), lateSpeakerThere.stop()]);
  });
});

describe('a recording ends by itself', () => {
  it('when the last person leaves the session: the files are finished and the session is free again', async () => {
    const session = 'plenary-3';
    const moderator = await clients.join(server.url, 'Mona', { role: 'moderator' }, session, 'end-mona');
    const { recording } = await moderator.client.call('recording:start', {});
    // Published here during the recording: a track from then on.
    const speaker = await sender('Sara', 'end-sara', { role: 'speaker' }, { source: 'microphone', toneHz: 440, sessionId: session });
    await sleep(2_000);
    moderator.client.close();
    await speaker.stop();

    const manifest = await completeManifest(recordingsDir, session, recording.id);
    expect(manifest.stopReason).toBe('sessionClosed');
    const microphone = manifest.tracks.find((track) => track.file === 'microphone-end-sara.ogg');
    expect(microphone!.startOffsetMs).toBeGreaterThan(100);
    expect(microphone!.durationMs).toBeGreaterThan(1_500);
    expectTracksLast(manifest);
    const log = JSON.parse(await readFile(join(recordingsDir, session, recording.id, 'log.json'), 'utf8')) as RecordingLogJson;
    expect(log.entries.at(-1)).toMatchObject({ type: 'recording.stopped', reason: 'sessionClosed' });
    const again = await clients.join(server.url, 'Mona', { role: 'moderator' }, session, 'end-mona');
    expect(again.joined.recording).toBeNull();
  });

  it('when the server shuts down: the files are finished first', async () => {
    const session = 'plenary-2';
    const closing = await startTestServer({ RECORDINGS_DIR: recordingsDir });
    try {
      const moderator = await clients.join(closing.url, 'Mona', { role: 'moderator' }, session, 'down-mona');
      const { recording } = await moderator.client.call('recording:start', {});
      await sleep(1_500);
      await closing.close();
      const manifest = await completeManifest(recordingsDir, session, recording.id, 1_000);
      expect(manifest.stopReason).toBe('serverShutdown');
      expectTracksLast(manifest);
    } finally {
      await closing.close();
    }
  });

  it('is refused cleanly when ffmpeg cannot run, and leaves the session free', async () => {
    const session = 'plenary-2';
    const broken = await startTestServer({ RECORDINGS_DIR: recordingsDir, FFMPEG_PATH: '/nonexistent/ffmpeg' });
    try {
      const moderator = await clients.join(broken.url, 'Mona', { role: 'moderator' }, session, 'broken-mona');
      expect(await moderator.client.request('recording:start', {}, 30_000)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      const attendee = await clients.join(broken.url, 'Adam', { role: 'attendee' }, session, 'broken-adam');
      expect(attendee.joined.recording).toBeNull();
      expect(moderator.client.received.some((r) => r.event === 'recording:changed')).toBe(false);
    } finally {
      clients.closeAll();
      await sleep(200); // their leaving is done before the server goes
      await broken.close();
    }
  });
});

/** Processes of this machine whose command line mentions `text` (to see ffmpegs end). */
async function processesMentioning(text: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(Number(pid));
  }
  return found;
}

describe('a recording whose server process crashes', () => {
  it('is over for everyone after the grace period, its files are finished by ffmpeg itself and listed as interrupted, and the session can be recorded again', async () => {
    const session = 'plenary-1';
    const grace = { PROCESS_GRACE_SECONDS: '2', RECORDINGS_DIR: recordingsDir };
    const [watcher, recorder] = await Promise.all([startTestServer(grace), ServerProcess.start(grace)]);
    try {
      const moderator = await clients.join(recorder.url, 'Mona', { role: 'moderator' }, session, 'crash-mona');
      const attendee = await clients.join(watcher.url, 'Adam', { role: 'attendee' }, session, 'crash-adam');
      const { recording } = await moderator.client.call('recording:start', {});
      await attendee.client.next('recording:changed', (change) => change.recording?.id === recording.id);
      const dir = join(recordingsDir, session, recording.id);
      await sleep(2_000);
      expect((await processesMentioning(dir)).length).toBe(LANGUAGES.length);

      const crashedAt = Date.now();
      await recorder.crash();
      // Everyone is told it was interrupted (not stopped by someone): it can be started again.
      expect(await attendee.client.next('recording:changed', (change) => change.recording === null, 15_000)).toEqual({ recording: null, interrupted: true });
      // Left alone by their dead server, the ffmpegs end their input after 10 s without packets and close their files.
      await expect.poll(() => processesMentioning(dir), { timeout: 20_000, interval: 500 }).toEqual([]);
      const organizer = await watcher.token('Olga', { role: 'organizer' }, { sessionId: session });
      const [listed] = await listRecordings(organizer, session, watcher.url);
      expect(listed).toMatchObject({ id: recording.id, status: 'interrupted', stoppedAt: null });
      const french = listed!.files.find((file) => file.name === 'channel-fr.ogg');
      expect(french!.bytes).toBeGreaterThan(0);
      const probed = probe(join(dir, 'channel-fr.ogg'));
      expect(probed.codec).toBe('opus');
      // Up to the crash, but for the last second: silence is sent a second behind the clock.
      expect(probed.duration).toBeGreaterThan(0.5);
      expect(probed.duration).toBeLessThan((crashedAt - Date.parse(recording.startedAt)) / 1000 + 0.1);

      const again = await clients.join(watcher.url, 'Musa', { role: 'moderator' }, session, 'crash-musa');
      const next = await again.client.call('recording:start', {});
      expect(next.recording.id).not.toBe(recording.id);
      await again.client.call('recording:stop', {});
    } finally {
      clients.closeAll();
      await sleep(200);
      await Promise.all([watcher.close(), recorder.crash()]);
    }
  });
});
