import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchToneBrowsers } from '../support/browser.ts';
import { focusRingOf, isFocused } from '../support/focusRing.ts';
import { absent, dominates, untilHeard } from '../support/hearing.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// Keyboard only: where focus lands, cough held with Space, the floor slider's steps, and a
// focus ring one can see on every kind of button.
const SESSION = 'workshop-1';
const FLOOR = 440;
const FRENCH = 940;
const TONES = [FLOOR, FRENCH];

let server: TestServer;
let browsers: Record<'floor' | 'amal' | 'listener', Browser>;

beforeAll(async () => {
  server = await startTestServer();
  browsers = await launchToneBrowsers({ floor: FLOOR, amal: FRENCH });
});
afterAll(async () => {
  await Promise.all(Object.values(browsers ?? {}).map((browser) => browser.close()));
  await server?.close();
});

type Grant = Parameters<TestServer['token']>[1];
async function join(browser: Browser, name: string, grant: Grant, button: string): Promise<Page> {
  const token = await server.token(name, grant, { sessionId: SESSION, participantId: `keys-${name.toLowerCase()}` });
  return joinWith(await openJoinLink(browser, server.url, token, name), button);
}

/** Presses Tab until `control` has focus (at most `limit` times), as a keyboard user gets there. */
async function tabTo(page: Page, control: Locator, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await isFocused(control)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${control}`);
}

/** The ring around a control focused by keyboard: a solid outline of 2 px or more, 3:1 against what is around it. */
async function expectVisibleFocusRing(control: Locator): Promise<void> {
  const ring = await focusRingOf(control);
  expect(ring.focusVisible, 'matches :focus-visible').toBe(true);
  expect(ring.outline).toMatch(/^solid /);
  expect(ring.outlineWidth).toBeGreaterThanOrEqual(2);
  expect(ring.contrastWithSurroundings).toBeGreaterThanOrEqual(3);
  // …and it is the focus that draws it: the same control without focus has none.
  await control.evaluate((element: HTMLElement) => element.blur());
  expect((await focusRingOf(control)).outline).toMatch(/^none /);
  await control.focus();
}

describe('keyboard and focus', () => {
  it('focus after joining and raising a hand, cough held with Space, the floor slider in 3 dB steps, visible focus rings', async () => {
    const speaker = await join(browsers.floor, 'Khadija', { role: 'speaker' }, 'Join with camera and microphone');
    // A speaker starts on their microphone button.
    await expect.poll(() => isFocused(speaker.getByRole('button', { name: 'Mute microphone' }))).toBe(true);

    const moderator = await join(browsers.listener, 'Yusuf', { role: 'moderator' }, 'Join to listen only');
    // A moderator starts at the speaker queue.
    await expect.poll(() => isFocused(moderator.getByRole('heading', { name: 'Speaker queue' }))).toBe(true);

    const amal = await join(browsers.amal, 'Amal', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    // An interpreter starts on the on-air button, and goes on air with Enter.
    const goOnAir = amal.getByRole('button', { name: 'Go on air' });
    await expect.poll(() => isFocused(goOnAir)).toBe(true);
    await amal.keyboard.press('Enter');
    const onAir = amal.getByRole('button', { name: 'ON AIR — go off air' });
    await onAir.waitFor();
    expect(await isFocused(onAir)).toBe(true);
    // Its own page playing back into its fake microphone would blur the channel (a real booth wears headsets).
    await amal.getByRole('slider', { name: 'Headphone volume' }).fill('0');

    const listener = await join(browsers.listener, 'Sara', { role: 'attendee' }, 'Join session');
    // A listener starts on the language picker.
    const picker = listener.getByRole('combobox', { name: 'Listening language' });
    await expect.poll(() => isFocused(picker)).toBe(true);
    await picker.selectOption('fr');
    await untilHeard(listener, 'the listener, French over the floor', TONES, (l) => dominates(l, FRENCH) && !absent(l, FLOOR));

    // Cough held with Space: the channel goes silent while it is held, and comes back on release.
    const cough = amal.getByRole('button', { name: 'Cough (hold)' });
    await tabTo(amal, cough);
    await amal.keyboard.down('Space');
    await expect.poll(() => cough.getAttribute('aria-pressed')).toBe('true');
    await untilHeard(listener, 'the listener, French silent while Space is held', TONES, (l) => absent(l, FRENCH) && !absent(l, FLOOR));
    expect(await amal.getByTestId('on-air-status').textContent()).toBe('Coughing: listeners hear nothing');
    await amal.keyboard.up('Space');
    await expect.poll(() => cough.getAttribute('aria-pressed')).toBe('false');
    await untilHeard(listener, 'the listener, French again after Space is let go', TONES, (l) => dominates(l, FRENCH));
    // Still on air: the release was not taken for a click on anything else.
    expect(await onAir.isVisible()).toBe(true);

    // The floor slider: Tab reaches it, arrows move 3 dB, and its value reads in dB.
    const slider = listener.getByRole('slider', { name: 'Floor volume' });
    const floorAudio = listener.locator('audio[data-participant="keys-khadija"]');
    const floorVolume = async () => Number(await floorAudio.getAttribute('data-volume'));
    await tabTo(listener, slider);
    expect(await slider.getAttribute('aria-valuetext')).toBe('−15 dB');
    expect(await floorVolume()).toBeCloseTo(10 ** (-15 / 20), 2);
    await listener.keyboard.press('ArrowDown');
    expect(await slider.getAttribute('aria-valuetext')).toBe('−18 dB');
    await expect.poll(floorVolume).toBeCloseTo(10 ** (-18 / 20), 2);
    await listener.keyboard.press('ArrowUp');
    await listener.keyboard.press('ArrowUp');
    expect(await slider.getAttribute('aria-valuetext')).toBe('−12 dB');
    await expect.poll(floorVolume).toBeCloseTo(10 ** (-12 / 20), 2);
    await listener.keyboard.press('End');
    expect(await slider.getAttribute('aria-valuetext')).toBe('0 dB');
    await listener.keyboard.press('Home');
    expect(await slider.getAttribute('aria-valuetext')).toBe('off');
    await expect.poll(floorVolume).toBe(0);
    await untilHeard(listener, 'the listener, French alone with the floor off', TONES, (l) => dominates(l, FRENCH) && absent(l, FLOOR));

    // Raising a hand by keyboard: focus goes to "Lower hand", and back to "Raise hand" after lowering.
    const raise = listener.getByRole('button', { name: 'Raise hand' });
    await tabTo(listener, raise);
    await expectVisibleFocusRing(raise); // a primary (green) button
    await listener.keyboard.press('Enter');
    const lower = listener.getByRole('button', { name: 'Lower hand' });
    await lower.waitFor();
    await expect.poll(() => isFocused(lower)).toBe(true);
    await moderator.getByRole('button', { name: 'Give the floor to Sara' }).waitFor();
    await listener.keyboard.press('Enter');
    await expect.poll(() => isFocused(listener.getByRole('button', { name: 'Raise hand' }))).toBe(true);

    // Focus rings on the coloured buttons: on air (red), and a moderator's primary button.
    await amal.keyboard.press('Shift+Tab');
    expect(await isFocused(onAir)).toBe(true);
    await expectVisibleFocusRing(onAir);
    await listener.keyboard.press('Enter'); // raise the hand again, so Next speaker is enabled
    const next = moderator.getByRole('button', { name: 'Next speaker' });
    await expect.poll(() => next.isEnabled()).toBe(true);
    await tabTo(moderator, next);
    await expectVisibleFocusRing(next);
    await tabTo(listener, slider);
    await expectVisibleFocusRing(slider);
  }, 120_000);
});
