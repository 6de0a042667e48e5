import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { issueJoinToken, verifyJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { TokenRevocations } from '@multaqa/server/store/tokenRevocations.ts';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';
import { TEST_SECRET } from '../support/testServer.ts';

// A link withdrawn, or run out, while its page is open: the page ends and says why, a reload
// does not get back in, and whoever had focus on a control that is gone is told.
const SESSION = 'plenary-6';
const env = useServerAndBrowser();

const focusedText = (page: import('playwright-core').Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

describe('a join link that stops holding while its page is open', () => {
  it("an organizer's, withdrawn: the page ends at once saying so, focus on the headline; a reload is refused", async () => {
    const token = await issueJoinToken(TEST_SECRET, { name: 'Olga', grant: { role: 'organizer' }, sessionId: SESSION, participantId: 'le-olga' });
    const page = await joinWith(await openJoinLink(env.browser, env.server.url, token, 'Olga'), 'Join with camera and microphone');
    const { tokenId, expiresAt } = await verifyJoinToken(TEST_SECRET, token);
    const redis = new Redis(inject('redisUrl'));
    await new TokenRevocations(redis).revokeToken(tokenId, expiresAt).finally(() => redis.quit());

    await page.getByRole('heading', { name: 'The organizers withdrew your join link' }).waitFor({ timeout: 5_000 });
    expect(await page.getByText('Ask the organizers for a new join link.').count()).toBe(1);
    await expect.poll(() => focusedText(page)).toBe('The organizers withdrew your join link');
    expect(await page.title()).toBe('The organizers withdrew your join link — Multaqa');
    await page.reload();
    await page.locator('main[data-link="refused"]').waitFor();
    expect(await page.locator('main').textContent()).toMatch(/withdrawn/);
    expect(await page.locator('main[data-phase="joined"]').count()).toBe(0);
  });

  it("an attendee's, expiring: the page ends when it expires, saying so; a reload is refused", async () => {
    const token = await issueJoinToken(TEST_SECRET, { name: 'Elif', grant: { role: 'attendee' }, sessionId: SESSION, participantId: 'le-elif', ttlSeconds: 8 });
    const { expiresAt } = await verifyJoinToken(TEST_SECRET, token);
    const page = await joinWith(await openJoinLink(env.browser, env.server.url, token, 'Elif'), 'Join session');
    await page.getByRole('heading', { name: 'Your join link has expired' }).waitFor({ timeout: 15_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
    await expect.poll(() => focusedText(page)).toBe('Your join link has expired');
    await page.reload();
    await page.locator('main[data-link="refused"]').waitFor();
    expect(await page.locator('main').textContent()).toMatch(/expired/);
  });
});
