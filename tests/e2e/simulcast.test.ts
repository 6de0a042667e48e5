import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';

const SESSION = 'plenary-5';
const env = useServerAndBrowser();

async function join(name: string, grant: { role: 'speaker' | 'attendee' }, button: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const token = await env.server.token(name, grant, { sessionId: SESSION, participantId: `sim-${name.toLowerCase()}` });
  return joinWith(await openJoinLink(env.browser, env.server.url, token, name, undefined, { viewport }), button);
}

const speakerVideo = (page: Page) => page.locator('figure[data-participant="sim-khadija"] video');
const decodedWidth = (page: Page) => speakerVideo(page).evaluate((video: HTMLVideoElement) => video.videoWidth);
const consumersInSession = async () => (await env.server.sessions.mediaLoad(SESSION)).reduce((sum, router) => sum + router.consumers, 0);

describe('simulcast and audio only', () => {
  it('a large tile gets a higher camera layer than a phone-sized one; audio only receives no video at all; a hidden tile receives nothing', async () => {
    await join('Khadija', { role: 'speaker' }, 'Join with camera and microphone');
    const desk = await join('Dana', { role: 'attendee' }, 'Join session');
    const phone = await join('Pham', { role: 'attendee' }, 'Join session', { width: 360, height: 640 });

    // The desk's large tile ends on the full 1280-wide layer, the phone's on the quarter layer.
    await expect.poll(() => decodedWidth(desk), { timeout: 30_000 }).toBeGreaterThanOrEqual(1000);
    await expect.poll(() => decodedWidth(phone), { timeout: 30_000 }).toBeLessThanOrEqual(400);
    expect(await decodedWidth(desk)).toBeGreaterThan(2 * (await decodedWidth(phone)));

    // Audio only: the camera consumer closes on the server; the person is still heard.
    expect(await consumersInSession()).toBe(4);
    const framesBefore = (await phone.evaluate(() => window.__multaqa!.receiveStats())).framesDecoded;
    await phone.getByRole('checkbox', { name: 'Audio only (no video)' }).check();
    await phone.locator('figure[data-participant="sim-khadija"][data-has-video="false"]').waitFor();
    await expect.poll(consumersInSession).toBe(3);
    const audioBefore = (await phone.evaluate(() => window.__multaqa!.receiveStats())).audioSamplesReceived;
    await phone.waitForTimeout(1_000);
    const after = await phone.evaluate(() => window.__multaqa!.receiveStats());
    expect(after.audioSamplesReceived).toBeGreaterThan(audioBefore + 20_000);
    expect(after.framesDecoded).toBeLessThanOrEqual(framesBefore + 30); // nothing new but what was in flight

    // The choice is kept across a reload, and turning it off brings the camera back.
    await phone.reload();
    // The tab was in the session: the reload goes straight back in.
    await phone.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => phone.getByRole('checkbox', { name: 'Audio only (no video)' }).isChecked()).toBe(true);
    await phone.waitForTimeout(500);
    expect(await consumersInSession()).toBe(3);
    await phone.getByRole('checkbox', { name: 'Audio only (no video)' }).uncheck();
    await phone.locator('figure[data-participant="sim-khadija"][data-has-video="true"]').waitFor();
    await expect.poll(consumersInSession).toBe(4);

    // A tile out of sight receives nothing; back in sight, the picture comes back.
    const tile = desk.locator('figure[data-participant="sim-khadija"]');
    const decoded = async () => (await desk.evaluate(() => window.__multaqa!.receiveStats())).framesDecoded;
    await tile.evaluate((figure: HTMLElement) => (figure.style.display = 'none'));
    await desk.waitForTimeout(700); // the pause reaches the server; frames in flight arrive
    const hiddenFrom = await decoded();
    await desk.waitForTimeout(1_500);
    expect(await decoded()).toBeLessThanOrEqual(hiddenFrom + 5);
    await tile.evaluate((figure: HTMLElement) => (figure.style.display = ''));
    await expect.poll(decoded, { timeout: 15_000 }).toBeGreaterThan(hiddenFrom + 20);
  });
});
