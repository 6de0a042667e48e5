import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { joinWith, openJoinLink, skewClock, useServerAndBrowser } from '../support/sessionPage.ts';
import type { TestServer } from '../support/testServer.ts';

const SESSION = 'workshop-2';
const env = useServerAndBrowser();

type Grant = Parameters<TestServer['token']>[1];
async function join(name: string, id: string, grant: Grant, button: string, beforeLoad?: (page: Page) => Promise<void>): Promise<Page> {
  const token = await env.server.token(name, grant, { sessionId: SESSION, participantId: id });
  return joinWith(await openJoinLink(env.browser, env.server.url, token, name, beforeLoad), button);
}

describe('giving and taking the floor in the browser', () => {
  it('an attendee raises a hand, gets the floor, is seen and heard, and leaves the stage when the floor is taken', async () => {
    const moderator = await join('Yusuf', 'floor-moderator', { role: 'moderator' }, 'Join with camera and microphone');
    const attendee = await join('Sara', 'floor-sara', { role: 'attendee' }, 'Join session');
    // Bilal's computer clock is ten minutes slow: his countdown must still match everyone's.
    const listener = await join('Bilal', 'floor-bilal', { role: 'attendee' }, 'Join session', skewClock(-10 * 60_000));
    const interpreter = await join('Amal', 'floor-amal', { role: 'interpreter', language: 'en' }, 'Join with microphone');

    await attendee.getByRole('textbox', { name: 'Topic (optional)' }).fill('Water policy');
    await attendee.getByRole('combobox', { name: 'Language you will speak' }).selectOption('fr');
    await attendee.getByRole('button', { name: 'Raise hand' }).click();
    await expect.poll(() => attendee.getByTestId('queue-position').textContent()).toMatch(/number 1 in the queue/);
    await moderator.getByRole('list', { name: 'Queue' }).locator('li[data-participant="floor-sara"]').waitFor();
    // The booth sees who speaks next, and in which language, to switch to relay in time.
    await expect.poll(() => interpreter.getByTestId('next-speaker').textContent()).toBe('Next: Sara · French');

    await moderator.getByRole('button', { name: 'Give the floor to Sara' }).click();
    await attendee.getByRole('heading', { name: 'You have the floor' }).waitFor();
    // Not on anyone's stage before she goes on stage herself.
    await expect.poll(() => listener.evaluate(() => window.__multaqa!.state().queue.current?.participantId)).toBe('floor-sara');
    expect(await listener.locator('figure[data-participant="floor-sara"]').count()).toBe(0);
    expect(await attendee.locator('figure[data-participant="floor-sara"]').count()).toBe(0);
    await attendee.getByRole('button', { name: 'Go on stage' }).click();
    // Focus goes on to what she needs next, not back to the top of the page.
    const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);
    await expect.poll(() => focused(attendee)).toBe('Mute microphone');

    // Everyone sees the countdown; the listener decodes Sara's camera and receives her audio.
    const countdown = /^Sara · French · Water policy — (3:00|2:[0-5]\d)$/;
    await expect.poll(() => listener.getByRole('timer', { name: 'Speaking time' }).textContent()).toMatch(countdown);
    await expect.poll(() => moderator.getByRole('timer', { name: 'Speaking time' }).textContent()).toMatch(countdown);
    expect((await listener.evaluate(() => new Date().getTime())) - Date.now()).toBeLessThan(-9 * 60_000); // the skew is in force
    await expect.poll(() => interpreter.getByTestId('current-speaker').textContent()).toBe('Now: Sara · French');
    const tile = listener.locator('figure[data-participant="floor-sara"][data-has-video="true"]');
    await tile.waitFor({ timeout: 20_000 });
    await expect.poll(() => tile.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await listener.evaluate(() => window.__multaqa!.receiveStats());
    await expect
      .poll(async () => (await listener.evaluate(() => window.__multaqa!.receiveStats())).framesDecoded, { timeout: 20_000 })
      .toBeGreaterThan(before.framesDecoded + 20);
    await expect.poll(async () => listener.locator('audio[data-participant="floor-sara"]').count()).toBe(1);

    await moderator.getByRole('button', { name: 'Take the floor' }).click();
    await listener.locator('figure[data-participant="floor-sara"]').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(async () => listener.locator('audio[data-participant="floor-sara"]').count()).toBe(0);
    // Sara is back in the audience, able to raise her hand again, and that is where focus is.
    await attendee.getByRole('button', { name: 'Raise hand' }).waitFor();
    await expect.poll(() => focused(attendee)).toBe('Raise hand');
  });
});
