import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchToneBrowsers } from '../support/browser.ts';
import { absent, dominates, PRESENT, untilHeard, type Levels } from '../support/hearing.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// One browser per distinct microphone: each Chromium process has one fake audio file.
const AMAL = 940;
const BRUNO = 1100;
const KHADIJA = 440;
const TONES = [AMAL, BRUNO, KHADIJA];
/** The promise: after every step the listener hears the right voice within a second. */
const WITHIN_MS = 1_000;

let server: TestServer;
let browsers: Record<'amal' | 'bruno' | 'khadija' | 'listener', Browser>;

beforeAll(async () => {
  server = await startTestServer();
  browsers = await launchToneBrowsers({ amal: AMAL, bruno: BRUNO, khadija: KHADIJA });
});
afterAll(async () => {
  await Promise.all(Object.values(browsers ?? {}).map((browser) => browser.close()));
  await server?.close();
});

type Grant = Parameters<TestServer['token']>[1];
const pages: Page[] = [];
async function join(browser: Browser, session: string, name: string, grant: Grant, button: string): Promise<Page> {
  const token = await server.token(name, grant, { sessionId: session, participantId: `${session}-${name.toLowerCase()}` });
  const page = await openJoinLink(browser, server.url, token, name);
  pages.push(page);
  return joinWith(page, button);
}
// Each test's people leave when it ends: the next test's browsers get the cores.
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.context().close()));
});

/** Every step's time from the action to the listener hearing its result, for the closing report. */
const timings: Record<string, number> = {};

/** Runs `act`, then waits until the listener hears `condition`; it must within WITHIN_MS. */
async function step(listener: Page, what: string, act: () => Promise<unknown>, condition: (levels: Levels) => boolean) {
  const since = Date.now();
  await act();
  const { afterMs } = await untilHeard(listener, what, TONES, condition, { since, everyMs: 100 });
  timings[what] = afterMs;
  expect(afterMs, `${what}: heard after ${afterMs} ms`).toBeLessThanOrEqual(WITHIN_MS);
}

const only = (hz: number) => (l: Levels) => l[hz]! > PRESENT && dominates(l, hz) && TONES.every((other) => other === hz || absent(l, other));
const silence = (l: Levels) => TONES.every((hz) => l[hz]! < PRESENT);

describe('an interpreter stays heard through coughs and handovers (issue 7)', () => {
  afterAll(() => console.info('heard after (ms):', JSON.stringify(timings)));

  it('cough and release, handover and back and again, off air and on, and a take-over from a partner who went silent', async () => {
    const session = 'plenary-3';
    const amal = await join(browsers.amal, session, 'Amal', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    const bruno = await join(browsers.bruno, session, 'Bruno', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    // Headless Chromium loops what a page plays into its fake microphone; booths wear headsets.
    for (const booth of [amal, bruno]) await booth.getByRole('slider', { name: 'Headphone volume' }).fill('0');
    const listener = await join(browsers.listener, session, 'Sara', { role: 'attendee' }, 'Join session');
    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('fr');
    await untilHeard(listener, 'nobody on air yet', TONES, silence);

    const goOnAir = (page: Page) => page.getByRole('button', { name: 'Go on air' }).click();
    const handOver = async (from: Page, to: Page, fromName: string) => {
      await from.getByRole('button', { name: 'Offer handover' }).click();
      await to.getByRole('button', { name: `Take over from ${fromName}` }).waitFor();
      return () => to.getByRole('button', { name: `Take over from ${fromName}` }).click();
    };

    await step(listener, 'Amal on air', () => goOnAir(amal), only(AMAL));
    // While on air, her console shows the level of what she sends.
    await expect.poll(() => amal.getByRole('meter', { name: 'Your voice on air' }).getAttribute('aria-valuenow').then(Number)).toBeGreaterThan(0);
    await expect.poll(() => amal.getByTestId('on-air-status').textContent()).toBe('Listeners hear you');

    // The cough button is held down, then released.
    await amal.getByRole('button', { name: 'Cough (hold)' }).hover();
    await step(listener, 'Amal coughing', () => amal.mouse.down(), silence);
    await expect.poll(() => amal.getByTestId('on-air-status').textContent()).toBe('Coughing: listeners hear nothing');
    await step(listener, 'Amal after the cough', () => amal.mouse.up(), only(AMAL));
    await expect.poll(() => amal.getByTestId('on-air-status').textContent()).toBe('Listeners hear you');
    await expect.poll(() => amal.getByRole('meter', { name: 'Your voice on air' }).getAttribute('aria-valuenow').then(Number)).toBeGreaterThan(0);
    // A quick tap, faster than the server pauses and resumes: she is still heard afterwards.
    await amal.getByRole('button', { name: 'Cough (hold)' }).click();
    await step(listener, 'Amal after a quick cough', async () => undefined, only(AMAL));

    await step(listener, 'Bruno after the handover', await handOver(amal, bruno, 'Amal'), only(BRUNO));
    await step(listener, 'Amal after the handover back', await handOver(bruno, amal, 'Bruno'), only(AMAL));
    // Taken with two quick clicks: the second lands on the button that replaced the first.
    const takeAgain = await handOver(amal, bruno, 'Amal');
    const box = (await bruno.getByRole('button', { name: 'Take over from Amal' }).boundingBox())!;
    const twoClicks = async () => {
      await takeAgain();
      await bruno.waitForTimeout(150);
      await bruno.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    };
    await step(listener, 'Bruno after the handover again (clicked twice)', twoClicks, only(BRUNO));
    await bruno.getByRole('button', { name: 'Stay on air' }).click();
    await expect.poll(() => bruno.getByRole('meter', { name: 'Your voice on air' }).getAttribute('aria-valuenow').then(Number)).toBeGreaterThan(0);
    // No one in the booth was ever told they were muted.
    for (const page of [amal, bruno]) expect(await page.getByRole('status').allTextContents()).not.toContainEqual(expect.stringMatching(/muted/));

    // Going off air is confirmed: a double click on "Take over" must not drop the channel.
    await bruno.getByRole('button', { name: 'ON AIR — go off air' }).click();
    await bruno.getByRole('button', { name: 'Stay on air' }).click();
    await bruno.getByRole('button', { name: 'ON AIR — go off air' }).click();
    // A confirmation's "yes" takes clicks only once it has been on screen a moment (a double click never confirms).
    await bruno.locator('[data-armed="true"]', { hasText: 'Go off air now' }).waitFor();
    await step(listener, 'Bruno off air', () => bruno.getByRole('button', { name: 'Go off air now' }).click(), silence);
    await step(listener, 'Bruno on air again', () => goOnAir(bruno), only(BRUNO));

    // Bruno goes quiet (here: holds his cough) and cannot hand over: Amal takes the channel after confirming.
    await bruno.getByRole('button', { name: 'Cough (hold)' }).hover();
    await step(listener, 'Bruno coughing', () => bruno.mouse.down(), silence);
    // A second click right after the first (a double click landing on the confirmation that
    // replaced the button) takes nothing: the "yes" counts only once it has been seen.
    await amal.getByRole('button', { name: 'Take over without a handover…' }).click();
    await amal.getByRole('group', { name: 'Confirm: Take the channel now' }).waitFor();
    // Focus is on the safe answer.
    expect(await amal.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await amal.getByRole('button', { name: 'Take the channel now' }).click({ force: true });
    await amal.waitForTimeout(700);
    expect(await amal.evaluate(() => window.__multaqa!.state().booths.find((b) => b.language === 'fr')?.onAir)).toBe('plenary-3-bruno');
    await amal.locator('[data-armed="true"]', { hasText: 'Take the channel now' }).waitFor();
    await step(listener, 'Amal after taking over', () => amal.getByRole('button', { name: 'Take the channel now' }).click(), only(AMAL));
    await bruno.mouse.up();
    await expect.poll(() => bruno.getByRole('status').first().textContent()).toBe('Amal took over the French channel.');
    await bruno.getByRole('button', { name: 'Amal is on air' }).waitFor();

    // Back on air, Bruno's first cough works: the press cut short by losing the channel is forgotten.
    await step(listener, 'Bruno after Amal hands back', await handOver(amal, bruno, 'Amal'), only(BRUNO));
    await expect.poll(() => bruno.getByRole('status').count()).toBe(0);
    await bruno.getByRole('button', { name: 'Cough (hold)' }).hover();
    await step(listener, 'Bruno coughing again', () => bruno.mouse.down(), silence);
    await step(listener, 'Bruno after that cough', () => bruno.mouse.up(), only(BRUNO));
  });

  it('a speaker muted when time is up is heard again when the moderator gives more time; a moderator mute ends with their own unmute', async () => {
    const session = 'workshop-1';
    const moderator = await join(browsers.bruno, session, 'Yusuf', { role: 'moderator' }, 'Join with camera and microphone');
    await moderator.getByRole('button', { name: 'Mute microphone' }).click();
    const khadija = await join(browsers.khadija, session, 'Khadija', { role: 'speaker' }, 'Join with camera and microphone');
    const listener = await join(browsers.listener, session, 'Bilal', { role: 'attendee' }, 'Join session');
    await untilHeard(listener, 'Khadija on the floor', TONES, only(KHADIJA));

    await khadija.getByRole('button', { name: 'Raise hand' }).click();
    await moderator.getByRole('button', { name: 'Give the floor to Khadija' }).click();
    // The box shows the server's answer, so it ticks once the change is made.
    const muteWhenUp = moderator.getByRole('checkbox', { name: 'Mute when time is up' });
    await muteWhenUp.click();
    await expect.poll(() => muteWhenUp.isChecked()).toBe(true);
    const limit = moderator.getByRole('textbox', { name: 'Time limit (m:ss)' });
    await limit.fill('0:05');
    await limit.press('Enter');
    await expect.poll(() => moderator.getByRole('alert').textContent()).toMatch(/from 0:10 to 240:00/);
    await limit.fill('0:12');
    await limit.press('Enter');
    await expect.poll(() => khadija.getByTestId('time-left').textContent()).toMatch(/^0:(0\d|1[0-2])$/);

    const turn = await khadija.evaluate(() => window.__multaqa!.state().queue.current!);
    expect(turn).toMatchObject({ limitSeconds: 12, onTimeUp: 'mute' });
    const { afterMs: mutedAfter } = await untilHeard(listener, 'silence when her time is up', TONES, silence, {
      since: turn.startedAt + 12_000,
      everyMs: 100,
      timeoutMs: 20_000,
    });
    timings['Khadija muted at time-up'] = mutedAfter;
    expect(mutedAfter).toBeLessThanOrEqual(WITHIN_MS);
    await khadija.getByRole('button', { name: 'Muted: your time is up' }).waitFor();
    expect(await khadija.getByRole('button', { name: 'Muted: your time is up' }).isDisabled()).toBe(true);
    await expect.poll(() => khadija.getByRole('status').first().textContent()).toMatch(/time is up/);

    await step(listener, 'Khadija given one more minute', () => moderator.getByRole('button', { name: 'Give one more minute' }).click(), only(KHADIJA));
    await khadija.getByRole('button', { name: 'Mute microphone' }).waitFor();
    await expect.poll(() => khadija.getByRole('status').first().textContent()).toBe('You have more time: your microphone is on again.');

    // A moderator's mute is hers to lift.
    await step(listener, 'Khadija muted by the moderator', () => moderator.getByRole('button', { name: 'Mute Khadija' }).click(), silence);
    await expect.poll(() => khadija.getByRole('status').first().textContent()).toBe('Moderator Yusuf muted your microphone. Unmute it when you want to speak.');
    await step(listener, 'Khadija after unmuting herself', () => khadija.getByRole('button', { name: 'Unmute microphone' }).click(), only(KHADIJA));
    // The notice about the mute goes once she has unmuted.
    await expect.poll(() => khadija.getByRole('status').count()).toBe(0);
  });
});
