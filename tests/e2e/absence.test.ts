import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';
import type { TestServer } from '../support/testServer.ts';

const SESSION = 'workshop-1';
const env = useServerAndBrowser();

type Grant = Parameters<TestServer['token']>[1];
async function join(name: string, id: string, grant: Grant, button: string): Promise<Page> {
  const token = await env.server.token(name, grant, { sessionId: SESSION, participantId: id });
  return joinWith(await openJoinLink(env.browser, env.server.url, token, name), button);
}

describe('leaving, and people who are not there', () => {
  it('Leave lowers your hand; a hand whose owner dropped is marked, and the floor is refused to them with a clear message; a speaker who drops with the floor is named to the moderator', async () => {
    const moderator = await join('Yusuf', 'abs-moderator', { role: 'moderator' }, 'Join with camera and microphone');
    const queue = moderator.getByRole('list', { name: 'Queue' });

    const hana = await join('Hana', 'abs-hana', { role: 'attendee' }, 'Join session');
    await hana.getByRole('button', { name: 'Raise hand' }).click();
    await queue.locator('li[data-participant="abs-hana"]').waitFor();
    await hana.getByRole('button', { name: 'Leave' }).click();
    await hana.getByRole('heading', { name: 'You left the session' }).waitFor();
    await queue.locator('li[data-participant="abs-hana"]').waitFor({ state: 'detached' });

    const sara = await join('Zaynab', 'abs-sara', { role: 'attendee' }, 'Join session');
    await sara.getByRole('button', { name: 'Raise hand' }).click();
    const row = queue.locator('li[data-participant="abs-sara"]');
    await row.waitFor();
    expect(await row.getAttribute('data-absent')).toBe('false');
    // Her laptop closes: her hand stays, marked.
    await sara.context().close();
    await queue.locator('li[data-participant="abs-sara"][data-absent="true"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => row.textContent()).toMatch(/not connected/);
    await moderator.getByRole('button', { name: 'Give the floor to Zaynab' }).click();
    await expect.poll(() => moderator.getByRole('alert').textContent()).toMatch(/Zaynab is not connected: the floor cannot be given to them now/);
    expect(await moderator.getByRole('timer', { name: 'Speaking time' }).count()).toBe(0);

    // Back with the same link: the mark goes, and she can be given the floor.
    const back = await join('Zaynab', 'abs-sara', { role: 'attendee' }, 'Join session');
    await queue.locator('li[data-participant="abs-sara"][data-absent="false"]').waitFor({ timeout: 10_000 });
    await moderator.getByRole('button', { name: 'Give the floor to Zaynab' }).click();
    await back.getByRole('heading', { name: 'You have the floor' }).waitFor();

    // She drops while holding the floor: the moderator is told, and the notice goes with the floor.
    await back.context().close();
    const floorAbsent = moderator.getByTestId('floor-absent');
    await expect.poll(() => floorAbsent.textContent()).toBe('Zaynab has the floor but is not connected. Take the floor back, or wait for them to reconnect.');
    await moderator.getByRole('button', { name: 'Take the floor' }).click();
    await expect.poll(() => floorAbsent.count()).toBe(0);
    for (const page of [moderator, hana]) await page.context().close();
  });
});
