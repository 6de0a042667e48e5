import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';

// The interface speaks the browser's language on a first visit, switches live from the menu
// (no reload), remembers the choice, and runs right to left for Arabic and Urdu.
const SESSION = 'plenary-3';
const env = useServerAndBrowser();
const SCREENSHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
/** Kept for a reader's eye (right to left, the translations in place): tests/artifacts/screenshots/language-*.png. */
const keep = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}language-${name}.png` });

/** Opens the language menu and picks a language by its own name. */
async function chooseLanguage(page: Page, ownName: string): Promise<void> {
  await page.getByTestId('language-menu').locator('summary').click();
  await page.getByRole('button', { name: ownName, exact: true }).click();
}

const documentLanguage = (page: Page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

async function attendeeLink(name: string, id: string): Promise<string> {
  return env.server.token(name, { role: 'attendee' }, { sessionId: SESSION, participantId: id });
}

describe('the interface language', () => {
  it('follows an Arabic browser (rtl), switches live to French from the menu, and is remembered on the next visit', async () => {
    const token = await attendeeLink('Amal', 'il-amal');
    const page = await openJoinLink(env.browser, env.server.url, token, 'Amal', undefined, { locale: 'ar-EG' });
    await page.getByRole('button', { name: 'انضم إلى الجلسة' }).waitFor();
    expect(await documentLanguage(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    await page.getByRole('heading', { name: 'الانضمام إلى الجلسة' }).waitFor();
    // The server's answer on the link is in (the session's title); the role is named in Arabic too.
    await expect.poll(() => page.locator('main p').first().textContent()).toContain('Education in a changing world');
    expect(await page.locator('main p').first().textContent()).toContain('بصفة مشارك');
    await keep(page, 'join-ar');

    // A marker on this document: still there after the switch means no reload happened.
    await page.evaluate(() => Object.assign(window, { beforeSwitch: true }));
    expect(await page.getByTestId('language-menu').locator('summary').getAttribute('aria-label')).toBe('لغة الواجهة: العربية');
    await chooseLanguage(page, 'Français');
    await page.getByRole('button', { name: 'Rejoindre la séance' }).waitFor();
    expect(await documentLanguage(page)).toEqual({ lang: 'fr', dir: 'ltr' });
    expect(await page.getByRole('heading', { name: 'Rejoindre la séance' }).count()).toBe(1);
    expect(await page.locator('main p').first().textContent()).toContain('en tant que participant');
    await keep(page, 'join-fr');
    expect(await page.getByTestId('language-menu').locator('summary').getAttribute('aria-label')).toBe('Langue de l’interface : Français');
    expect(await page.evaluate(() => (window as unknown as { beforeSwitch?: boolean }).beforeSwitch)).toBe(true);

    // The next visit in this browser (the same profile) opens in French, though the browser says Arabic.
    const again = await page.context().newPage();
    await again.goto(`${env.server.url}/join#token=${token}`);
    await again.getByRole('button', { name: 'Rejoindre la séance' }).waitFor();
    expect(await documentLanguage(again)).toEqual({ lang: 'fr', dir: 'ltr' });
    await page.context().close();
  });

  it('runs right to left in Urdu (lang, dir and the text direction the page computes)', async () => {
    const token = await attendeeLink('Bilal', 'il-bilal');
    const page = await openJoinLink(env.browser, env.server.url, token, 'Bilal', undefined, { locale: 'ur-PK' });
    const button = page.getByRole('button', { name: 'اجلاس میں شامل ہوں' });
    await button.waitFor();
    expect(await documentLanguage(page)).toEqual({ lang: 'ur', dir: 'rtl' });
    // The direction reaches the page's elements (what mirrors the layout), not just the attribute.
    expect(await page.getByRole('heading', { name: 'اجلاس میں شامل ہوں' }).evaluate((h) => getComputedStyle(h).direction)).toBe('rtl');
    await keep(page, 'join-ur');
    await page.context().close();
  });

  it('stays English in an English browser, and the session-ended page follows a switch to Arabic', async () => {
    const token = await attendeeLink('Carla', 'il-carla');
    const page = await openJoinLink(env.browser, env.server.url, token, 'Carla', undefined, { locale: 'en-GB' });
    await page.getByRole('button', { name: 'Join session' }).click();
    await page.locator('main[data-phase="joined"]').waitFor();
    expect(await documentLanguage(page)).toEqual({ lang: 'en', dir: 'ltr' });
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('heading', { name: 'You left the session' }).waitFor();
    await chooseLanguage(page, 'العربية');
    await page.getByRole('heading', { name: 'غادرت الجلسة' }).waitFor();
    expect(await page.getByRole('button', { name: 'الانضمام مجددًا' }).count()).toBe(1);
    expect(await documentLanguage(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    await expect.poll(() => page.title()).toBe('غادرت الجلسة — Multaqa');
    await keep(page, 'ended-ar');
    await page.context().close();
  });
});
