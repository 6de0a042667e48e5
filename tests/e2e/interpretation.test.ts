import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchToneBrowsers } from '../support/browser.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { absent, dominates, PRESENT, untilHeard as untilHeardAt, type Levels } from '../support/hearing.ts';

// One browser per distinct microphone: each Chromium process has one fake audio file.
const FLOOR = 440;
// Not 880: Opus can put energy an octave below a pure tone, which would read as floor (440 Hz).
const FRENCH_A = 940;
const FRENCH_B = 1100;
const SPANISH = 660;
const SESSION = 'plenary-6';

let server: TestServer;
let browsers: Record<'floor' | 'amal' | 'bruno' | 'lina' | 'listener', Browser>;

beforeAll(async () => {
  server = await startTestServer();
  browsers = await launchToneBrowsers({ floor: FLOOR, amal: FRENCH_A, bruno: FRENCH_B, lina: SPANISH });
});
afterAll(async () => {
  await Promise.all(Object.values(browsers ?? {}).map((browser) => browser.close()));
  await server?.close();
});

type Grant = Parameters<TestServer['token']>[1];
async function join(browser: Browser, name: string, grant: Grant, button: string): Promise<Page> {
  const token = await server.token(name, grant, { sessionId: SESSION, participantId: name.toLowerCase() });
  return joinWith(await openJoinLink(browser, server.url, token, name), button);
}

const TONES = [FLOOR, FRENCH_A, FRENCH_B, SPANISH];
const untilHeard = async (listener: Page, what: string, condition: (levels: Levels) => boolean) =>
  (await untilHeardAt(listener, `the listener, ${what}`, TONES, condition)).levels;

/** The playback volume of the floor (the speaker's microphone) on the listener's page. */
const floorVolume = async (listener: Page) =>
  Number(await listener.locator('audio[data-participant="khadija"]').getAttribute('data-volume'));

describe('live interpretation, heard in the browser', () => {
  it('French with the floor underneath, Spanish, a French handover, and the floor slider at zero', async () => {
    await join(browsers.floor, 'Khadija', { role: 'speaker' }, 'Join with camera and microphone');
    const amal = await join(browsers.amal, 'Amal', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    const bruno = await join(browsers.bruno, 'Bruno', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    const lina = await join(browsers.lina, 'Lina', { role: 'interpreter', language: 'es' }, 'Join with microphone');
    // Headless Chromium loops what a page plays back into its fake microphone; a real booth
    // wears headsets. Silence the interpreters' headphones so their channels carry only their tone.
    for (const booth of [amal, bruno, lina]) await booth.getByRole('slider', { name: 'Headphone volume' }).fill('0');
    const listener = await join(browsers.listener, 'Sara', { role: 'attendee' }, 'Join session');

    // French picked while nobody is on air: the floor at full level, and a clear notice.
    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('fr');
    await listener.getByTestId('no-interpretation').waitFor();
    await untilHeard(listener, 'floor alone', (l) => dominates(l, FLOOR) && absent(l, FRENCH_A));

    await amal.getByRole('button', { name: 'Go on air' }).click();
    await lina.getByRole('button', { name: 'Go on air' }).click();
    await listener.getByTestId('no-interpretation').waitFor({ state: 'detached' });
    const french = await untilHeard(
      listener,
      'French over a quieter floor',
      (l) => dominates(l, FRENCH_A) && l[FLOOR]! > PRESENT && !absent(l, FLOOR) && absent(l, SPANISH),
    );
    // The floor plays at the default −15 dB under the live channel, and at full with the slider up.
    expect(await floorVolume(listener)).toBeCloseTo(10 ** (-15 / 20), 2);
    // The slider moves in dB: 0 dB is the floor at full level.
    await listener.getByRole('slider', { name: 'Floor volume' }).fill('0');
    await untilHeard(listener, 'the floor louder with the slider up', (l) => l[FLOOR]! > french[FLOOR]! + 6);
    await listener.getByRole('slider', { name: 'Floor volume' }).fill('-15');
    await expect.poll(() => amal.getByTestId('channel-listeners').textContent()).toBe('1 listening');

    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('es');
    await untilHeard(listener, 'Spanish', (l) => dominates(l, SPANISH) && absent(l, FRENCH_A));

    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('fr');
    await untilHeard(listener, 'French again', (l) => dominates(l, FRENCH_A));
    await amal.getByRole('button', { name: 'Offer handover' }).click();
    await bruno.getByRole('button', { name: 'Take over from Amal' }).click();
    await bruno.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();
    await untilHeard(listener, 'French from the partner after the handover', (l) => dominates(l, FRENCH_B) && absent(l, FRENCH_A));

    // Its lowest position (Home) is off.
    await listener.getByRole('slider', { name: 'Floor volume' }).press('Home');
    expect(await listener.getByRole('slider', { name: 'Floor volume' }).getAttribute('aria-valuetext')).toBe('off');
    expect(await floorVolume(listener)).toBe(0);
    await untilHeard(listener, 'interpretation only', (l) => dominates(l, FRENCH_B) && absent(l, FLOOR) && l[FLOOR]! < french[FLOOR]! - 30);

    // The choice is remembered: after a reload the listener is back on French.
    await listener.reload();
    // The tab was in the session: the reload goes straight back in.
    await listener.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => listener.getByRole('combobox', { name: 'Listening language' }).inputValue()).toBe('fr');
    await untilHeard(listener, 'French after a reload', (l) => dominates(l, FRENCH_B) && absent(l, FLOOR));
  });
});
