import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';
import type { TestServer } from '../support/testServer.ts';

// A reload in the middle of a session (the link is still in the tab) goes straight back in,
// with the devices as they were; after leaving, a reload shows the join page again.
const SESSION = 'workshop-1';
const env = useServerAndBrowser();

type Grant = Parameters<TestServer['token']>[1];
async function join(name: string, id: string, grant: Grant, button: string): Promise<Page> {
  const token = await env.server.token(name, grant, { sessionId: SESSION, participantId: id });
  return joinWith(await openJoinLink(env.browser, env.server.url, token, name), button);
}
const stateOf = (page: Page) => page.evaluate(() => window.__multaqa!.state());

describe('a reload in the middle of a session', () => {
  it('takes a speaker straight back in, camera on and microphone still muted, and an attendee with their hand still up; after Leave it shows the join page', async () => {
    const hiba = await join('Hiba', 'rl-hiba', { role: 'speaker' }, 'Join with camera and microphone');
    await hiba.getByRole('button', { name: 'Mute microphone' }).click();
    await hiba.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    const lina = await join('Lina', 'rl-lina', { role: 'attendee' }, 'Join session');
    await lina.getByRole('button', { name: 'Raise hand' }).click();
    await lina.getByTestId('queue-position').waitFor();
    await expect.poll(async () => (await stateOf(lina)).stage.some((p) => p.id === 'rl-hiba')).toBe(true);

    await hiba.reload();
    // No join page, no click: back in, as before.
    await hiba.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
    expect(await hiba.getByRole('button', { name: 'Join with camera and microphone' }).count()).toBe(0);
    await hiba.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    const own = (await stateOf(hiba)).local;
    expect({ microphone: own.microphone?.on, camera: own.camera?.on }).toEqual({ microphone: false, camera: true });
    // The others see her camera again (a new producer, published after the reload).
    const tile = lina.locator('figure[data-participant="rl-hiba"][data-has-video="true"]');
    await tile.waitFor({ timeout: 20_000 });

    await lina.reload();
    await lina.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
    await lina.getByTestId('queue-position').waitFor();

    await lina.getByRole('button', { name: 'Leave' }).click();
    await lina.getByRole('heading', { name: 'You left the session' }).waitFor();
    await lina.reload();
    await lina.getByRole('button', { name: 'Join session' }).waitFor();
    expect(await lina.locator('main[data-phase="joined"]').count()).toBe(0);
  });
});
