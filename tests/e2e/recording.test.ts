import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { PeerProcess } from '../support/peerProcess.ts';
import { probe } from '../support/recordedFiles.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const SESSION = 'plenary-5';
let server: TestServer;
let browser: Browser;
let recordingsDir: string;
let khadija: PeerProcess | undefined;

beforeAll(async () => {
  recordingsDir = mkdtempSync(joinPath(tmpdir(), 'multaqa-recordings-e2e-'));
  server = await startTestServer({ RECORDINGS_DIR: recordingsDir });
  browser = await launchBrowser();
});
afterAll(async () => {
  await khadija?.stop();
  await browser?.close();
  await server?.close();
  rmSync(recordingsDir, { recursive: true, force: true });
});

type Grant = Parameters<TestServer['token']>[1];
async function join(name: string, id: string, grant: Grant, button: string): Promise<Page> {
  const token = await server.token(name, grant, { sessionId: SESSION, participantId: id });
  return joinWith(await openJoinLink(browser, server.url, token, name), button);
}

const indicator = (page: Page) => page.getByTestId('recording-indicator');

/** The process writing a file of this test's recordings (its ffmpeg). */
async function writerOf(file: string): Promise<number> {
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(recordingsDir) && cmdline.includes(`/${file}\0`)) return Number(pid);
  }
  throw new Error(`nothing writes ${file}`);
}

describe('recording in the browser', () => {
  it('a moderator starts and (after confirming) stops a recording; everyone sees the indicator while it runs; organizers download the files', async () => {
    const moderator = await join('Yusuf', 'rec-e2e-yusuf', { role: 'moderator' }, 'Join with camera and microphone');
    const attendee = await join('Sara', 'rec-e2e-sara', { role: 'attendee' }, 'Join session');
    const organizer = await join('Olga', 'rec-e2e-olga', { role: 'organizer' }, 'Join with camera and microphone');
    // Khadija (a WebRTC peer in Node) is on stage with a camera that never gives a picture.
    const khadijaToken = await server.token('Khadija', { role: 'speaker' }, { sessionId: SESSION, participantId: 'rec-e2e-khadija' });
    khadija = new PeerProcess({ url: server.url, token: khadijaToken, mode: 'send', source: 'microphone', toneHz: 440, camera: 'blank' });
    await khadija.waitFor((r) => r.event === 'produced' && r.kind === 'video');
    const panel = organizer.getByRole('region', { name: 'Recordings' });
    await panel.getByText('This session has no recordings yet.').waitFor();
    // Only moderators and organizers record; only organizers see the recordings.
    expect(await attendee.getByRole('button', { name: 'Start recording' }).count()).toBe(0);
    expect(await attendee.getByRole('region', { name: 'Recordings' }).count()).toBe(0);
    expect(await moderator.getByRole('region', { name: 'Recordings' }).count()).toBe(0);
    expect(await indicator(attendee).count()).toBe(0);

    await moderator.getByRole('button', { name: 'Start recording' }).click();
    for (const page of [moderator, attendee, organizer]) await expect.poll(() => indicator(page).textContent()).toBe('● Recording');
    const late = await join('Bilal', 'rec-e2e-bilal', { role: 'attendee' }, 'Join session');
    await expect.poll(() => indicator(late).textContent()).toBe('● Recording');
    await panel.getByText('recording now').waitFor();

    // The French channel's ffmpeg dies: moderators are told (only they), and the recording goes on.
    await moderator.waitForTimeout(2_000);
    process.kill(await writerOf('channel-fr.ogg'), 'SIGKILL');
    const trackStopped = moderator.getByText(/The recording of the French channel stopped at \d+:\d\d \(the program recording it stopped\)\. Everything else is still being recorded; to record it again, stop and start the recording\./);
    await trackStopped.waitFor();
    expect(await attendee.getByText(/The recording of the French channel/).count()).toBe(0);
    // Khadija's camera gives no picture: the moderators are told while the recording runs.
    await moderator.getByText(/The recording of Khadija's camera failed at \d+:\d\d: no video was received\./).waitFor();
    expect(await attendee.getByText(/Khadija's camera/).count()).toBe(0);
    expect(await indicator(attendee).textContent()).toBe('● Recording');

    await moderator.waitForTimeout(2_000);
    await moderator.getByRole('button', { name: 'Stop recording' }).click();
    await moderator.getByRole('button', { name: 'Keep recording' }).click();
    expect(await indicator(attendee).count()).toBe(1);
    await moderator.getByRole('button', { name: 'Stop recording' }).click();
    await moderator.getByRole('button', { name: 'Yes, stop recording' }).click();
    for (const page of [moderator, attendee, late, organizer]) await expect.poll(() => indicator(page).count(), { timeout: 30_000 }).toBe(0);
    await moderator.getByRole('button', { name: 'Start recording' }).waitFor();
    // "Everything else is still being recorded" went with the recording.
    await trackStopped.waitFor({ state: 'detached' });

    // The organizer's list now has the finished recording, with a link per file.
    const fileLinks = panel.locator('li[data-recording] a[download]');
    await expect.poll(() => fileLinks.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(9); // six channels, two cameras and microphones, the log
    await expect.poll(() => panel.getByText('recording now').count()).toBe(0);
    const names = await fileLinks.evaluateAll((links) => links.map((link) => link.getAttribute('download')));
    expect(names).toEqual(expect.arrayContaining(['channel-fr.ogg', 'camera-rec-e2e-yusuf.webm', 'microphone-rec-e2e-olga.ogg', 'log.json']));
    expect(await panel.locator('.recording-files li', { hasText: 'channel-fr.ogg' }).textContent()).toContain('stopped early');
    expect(await panel.locator('.recording-files li', { hasText: 'channel-es.ogg' }).textContent()).not.toContain('stopped early');
    // Her camera is not left out: listed as failed, with why, and no link.
    const failed = panel.locator('.recording-files li[data-failed="noMedia"]');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toBe('Khadija: camera failed no video was received');
    const hrefs = await fileLinks.evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    const token = await organizer.evaluate(() => new URLSearchParams(window.location.hash.slice(1)).get('token'));
    for (const href of hrefs) expect(href).not.toContain(token!);
    const camera = hrefs.find((href) => href.includes('camera-rec-e2e-yusuf.webm'))!;
    const download = await organizer.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
    }, camera);
    expect(download.status).toBe(200);
    expect(download.bytes).toBeGreaterThan(10_000);

    // Chromium's simulcast camera, recorded from one layer as it came.
    const recordingId = new URL(camera).pathname.split('/')[4]!;
    const probed = probe(joinPath(recordingsDir, SESSION, recordingId, 'camera-rec-e2e-yusuf.webm'));
    expect(probed.codec).toBe('vp8');
    expect(probed.duration).toBeGreaterThan(3);
  });
});
