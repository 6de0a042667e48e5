import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { freePort } from '@multaqa/server/cli/privateRedis.ts';
import { launchToneBrowsers } from '../support/browser.ts';
import { absent, dominates, untilHeard as untilHeardAt, type Levels } from '../support/hearing.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { TEST_SECRET } from '../support/testServer.ts';

// The server runs in a process of its own, on a port it keeps across a restart, as a systemd
// unit with Restart=always would run it; the pages reconnect to the same address.
const FLOOR = 440;
const FRENCH = 940;
const SESSION = 'plenary-4';

let port: number;
let server: ServerProcess;
let browsers: Record<'floor' | 'amal' | 'listener', Browser>;

beforeAll(async () => {
  port = await freePort();
  server = await ServerProcess.start({ PORT: String(port) });
  browsers = await launchToneBrowsers({ floor: FLOOR, amal: FRENCH });
});
afterAll(async () => {
  await Promise.all(Object.values(browsers ?? {}).map((browser) => browser.close()));
  await server?.stop();
});
// Everyone leaves at the end of each test, also of one that failed: the next must not find them still in the booth.
const opened: Page[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((page) => page.context().close().catch(() => undefined)));
});

type Grant = Parameters<typeof issueJoinToken>[1]['grant'];
async function join(browser: Browser, name: string, grant: Grant, button: string): Promise<Page> {
  const token = await issueJoinToken(TEST_SECRET, { name, grant, sessionId: SESSION, participantId: `rc-${name.toLowerCase()}` });
  const page = await openJoinLink(browser, server.url, token, name);
  opened.push(page);
  return joinWith(page, button);
}

const untilHeard = async (listener: Page, what: string, condition: (levels: Levels) => boolean) =>
  (await untilHeardAt(listener, `the listener, ${what}`, [FLOOR, FRENCH], condition, { timeoutMs: 20_000 })).levels;

/** What a person's page knows of the session that a reconnect must not lose. */
async function modelOf(page: Page) {
  return page.evaluate(() => {
    const state = window.__multaqa!.state();
    return {
      self: state.self?.id,
      role: state.self?.grant.role,
      language: state.language,
      hands: state.queue.entries.map((entry) => ({ id: entry.participantId, topic: entry.topic ?? null, kind: entry.kind })),
      floor: state.queue.current?.participantId ?? null,
      booths: state.booths.map((booth) => ({ language: booth.language, onAir: booth.onAir, interpreters: booth.interpreters.map((i) => i.id) })),
    };
  });
}

describe('a server process killed and restarted mid-session', () => {
  it('everyone is back by themselves, with the same identity, language, hand, booth place and floor', async () => {
    const speaker = await join(browsers.floor, 'Khadija', { role: 'speaker' }, 'Join with camera and microphone');
    const amal = await join(browsers.amal, 'Amal', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    await amal.getByRole('slider', { name: 'Headphone volume' }).fill('0');
    await amal.getByRole('button', { name: 'Go on air' }).click();
    await amal.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();
    const listener = await join(browsers.listener, 'Sara', { role: 'attendee' }, 'Join session');
    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('fr');
    await listener.getByRole('textbox', { name: 'Topic (optional)' }).fill('water rights');
    await listener.getByRole('button', { name: 'Raise hand' }).click();
    await listener.getByTestId('queue-position').waitFor();
    const moderator = await join(browsers.listener, 'Yusuf', { role: 'moderator' }, 'Join with camera and microphone');
    await moderator.getByRole('button', { name: 'Mute microphone' }).click();
    // An attendee with the floor, on stage with camera (microphone muted, to keep the tones apart).
    const omar = await join(browsers.listener, 'Omar', { role: 'attendee' }, 'Join session');
    await omar.getByRole('button', { name: 'Raise hand' }).click();
    await moderator.getByRole('button', { name: 'Give the floor to Omar' }).click();
    await omar.getByRole('button', { name: 'Go on stage' }).click();
    await omar.getByRole('button', { name: 'Mute microphone' }).click();
    const omarOnStage = listener.locator('figure[data-participant="rc-omar"][data-has-video="true"]');
    await omarOnStage.waitFor({ timeout: 20_000 });
    await untilHeard(listener, 'French before the crash', (l) => dominates(l, FRENCH));

    const pages = { speaker, amal, listener, moderator, omar };
    const before = Object.fromEntries(await Promise.all(Object.entries(pages).map(async ([name, page]) => [name, await modelOf(page)])));
    expect(before.listener).toMatchObject({ language: 'fr', hands: [{ id: 'rc-sara', topic: 'water rights' }] });
    expect(before.amal.booths.find((b: { language: string }) => b.language === 'fr')).toMatchObject({ onAir: 'rc-amal' });
    expect(before.moderator.floor).toBe('rc-omar');

    await server.crash();
    // Everyone sees that the connection is being restored.
    for (const page of Object.values(pages)) {
      await page.locator('main[data-phase="reconnecting"]').waitFor({ timeout: 10_000 });
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Reconnecting|Cannot reach the server/);
    }
    server = await ServerProcess.start({ PORT: String(port) });

    for (const page of Object.values(pages)) await page.locator('main[data-phase="joined"]').waitFor({ timeout: 30_000 });
    for (const [name, page] of Object.entries(pages)) {
      await expect.poll(() => modelOf(page), { timeout: 10_000, message: name }).toEqual(before[name]);
    }
    // The choices are visible where people made them, and the sound is back.
    expect(await listener.getByRole('combobox', { name: 'Listening language' }).inputValue()).toBe('fr');
    await listener.getByTestId('queue-position').waitFor();
    await amal.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();
    await moderator.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    // Omar still has the floor: back on the listener's stage, his camera decoding, still muted.
    await omarOnStage.waitFor({ timeout: 20_000 });
    await expect.poll(() => omarOnStage.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    await omar
      .getByRole('button', { name: 'Unmute microphone' })
      .waitFor()
      .catch(async (error: unknown) => {
        // What his page had instead tells a failed run's reader why (it failed once in many runs).
        const seen = await omar.evaluate(() => {
          const state = window.__multaqa!.state();
          const local = Object.fromEntries(Object.entries(state.local).map(([source, l]) => [source, { on: l?.on, producerId: l?.producerId, mutedBy: l?.mutedBy }]));
          return { local, floor: state.queue.current?.participantId, version: state.queue.version, bar: document.querySelector('.session-bar')?.textContent };
        });
        throw new Error(`Omar has no "Unmute microphone": ${JSON.stringify(seen)}`, { cause: error });
      });
    await untilHeard(listener, 'French after the restart', (l) => dominates(l, FRENCH) && !absent(l, FLOOR));
  }, 150_000); // five people, a crash and a restart: each step waits on real media, on two shared cores
});

// A network that drops (not a server that dies) is tests/e2e/networkDrop.test.ts: a real cut
// through a proxy. Chromium's offline emulation, used here before, closes neither the WebSocket
// nor the media path reliably, and its pages never even try the network while "offline".

describe('recovery after a crash', () => {
  it("a listener's page sees the speaker again within 3 s of the restarted server answering", async () => {
    const speaker = await join(browsers.floor, 'Hiba', { role: 'speaker' }, 'Join with camera and microphone');
    const listener = await join(browsers.listener, 'Lina', { role: 'attendee' }, 'Join session');
    const framesSeen = () => listener.evaluate(async () => ((await window.__multaqa!.receiveStats()).framesDecoded as number) ?? 0);
    await expect.poll(framesSeen, { timeout: 20_000 }).toBeGreaterThan(30);
    await speaker.locator('main[data-phase="joined"]').waitFor();

    await server.crash();
    const killedAt = Date.now();
    await listener.locator('main[data-phase="reconnecting"]').waitFor({ timeout: 10_000 });
    server = await ServerProcess.start({ PORT: String(port) });
    const answeringAt = Date.now();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // Seeing: the listener's new receive transport decodes the speaker's camera, frame after frame.
    let last = 0;
    let seenAt: number | undefined;
    while (Date.now() - answeringAt < 20_000) {
      const frames = await framesSeen();
      if (frames > last && last > 0) {
        seenAt = Date.now();
        break;
      }
      last = frames;
      await listener.waitForTimeout(100);
    }
    expect(seenAt, 'the listener never saw the speaker again').toBeDefined();
    console.info(`restart: the server answered ${answeringAt - killedAt} ms after the kill; the listener saw the speaker ${seenAt! - answeringAt} ms after that (${seenAt! - killedAt} ms after the kill)`);
    expect(seenAt! - answeringAt).toBeLessThan(3_000);
  }, 90_000);
});
