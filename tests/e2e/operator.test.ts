import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { launchToneBrowsers } from '../support/browser.ts';
import { JoinedClients } from '../support/joinedClients.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// An interpreter on air in Chromium (a fake microphone playing a tone), listeners on the floor
// and two channels (signalling clients), and an organizer watching the operator view.
const SESSION = 'workshop-2';

let server: TestServer;
let browsers: Record<'amal' | 'listener', Browser>;
const clients = new JoinedClients();

beforeAll(async () => {
  server = await startTestServer();
  browsers = await launchToneBrowsers({ amal: 940 });
});
afterAll(async () => {
  clients.closeAll();
  await Promise.all(Object.values(browsers ?? {}).map((browser) => browser.close()));
  await server?.close();
});

const openOperatorView = async (path: string): Promise<Page> => {
  const page = await (await browsers.listener.newContext()).newPage();
  page.on('pageerror', (error) => console.error(`operator: ${error.message}`));
  await page.goto(`${server.url}${path}`);
  return page;
};

/** The page's alert, or null while it has none. */
const alertText = (page: Page) => page.getByRole('alert').textContent({ timeout: 1_000 }).catch(() => null);

/** The level Amal's meter shows now (0–100). */
const amalLevel = async (operator: Page) => Number(await operator.getByRole('meter', { name: 'Level of Amal' }).getAttribute('aria-valuenow'));

describe('the operator view', () => {
  it("shows an organizer the listeners per channel and the on-air interpreter's live level", async () => {
    const amalToken = await server.token('Amal', { role: 'interpreter', language: 'fr' }, { sessionId: SESSION, participantId: 'operator-amal' });
    const amal = await joinWith(await openJoinLink(browsers.amal, server.url, amalToken, 'Amal'), 'Join with microphone');
    await amal.getByRole('slider', { name: 'Headphone volume' }).fill('0');
    await amal.getByRole('button', { name: 'Go on air' }).click();
    await amal.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();

    for (const [name, language] of [['Floor 1', null], ['Floor 2', null], ['French 1', 'fr'], ['Spanish 1', 'es']] as const) {
      const { client } = await clients.join(server.url, name, { role: 'attendee' }, SESSION);
      if (language) await client.call('interpretation:selectLanguage', { language });
    }

    const organizer = await server.token('Organizer Amina', { role: 'organizer' }, { sessionId: SESSION });
    const operator = await openOperatorView(`/operator#token=${organizer}`);
    await operator.getByTestId('operator-view').waitFor();
    // The token leaves the address bar (an operator view is often on a shared screen).
    expect(operator.url()).toBe(`${server.url}/operator`);
    await expect.poll(() => operator.getByTestId('listeners-floor').textContent(), { timeout: 15_000 }).toBe('2');
    expect(await operator.getByTestId('listeners-fr').textContent()).toBe('1');
    expect(await operator.getByTestId('listeners-es').textContent()).toBe('1');
    expect(await operator.getByTestId('listeners-en').textContent()).toBe('0');
    expect(await operator.getByTestId('operator-participants').textContent()).toBe('5 participants');
    expect(await operator.getByRole('article', { name: 'French booth' }).getByTestId('interpreter-operator-amal').getAttribute('data-status')).toBe('on air');
    expect(await operator.getByRole('article', { name: 'French booth' }).getAttribute('data-live')).toBe('true');
    expect(await operator.getByRole('article', { name: 'Spanish booth' }).getAttribute('data-live')).toBe('false');
    // The server process and its worker, with the listener and interpreter connections.
    expect(await operator.getByTestId('operator-process').count()).toBeGreaterThanOrEqual(1);
    expect(await operator.getByTestId('operator-worker').count()).toBeGreaterThanOrEqual(1);

    // The tone arrives: the meter shows it, refreshed from the server.
    await expect.poll(() => amalLevel(operator), { timeout: 15_000 }).toBeGreaterThan(20);
    // Amal holds cough: nothing reaches listeners, and the meter falls to nothing.
    await amal.getByRole('button', { name: 'Cough (hold)' }).hover();
    await amal.mouse.down();
    await expect.poll(() => operator.getByTestId('interpreter-operator-amal').getAttribute('data-status'), { timeout: 10_000 }).toBe('coughing');
    await expect.poll(() => amalLevel(operator), { timeout: 10_000 }).toBe(0);
    // Released: the level comes back.
    await amal.mouse.up();
    await expect.poll(() => amalLevel(operator), { timeout: 15_000 }).toBeGreaterThan(20);
    expect(await operator.getByTestId('interpreter-operator-amal').getAttribute('data-status')).toBe('on air');

    // A new listener on French is counted at the next refresh.
    const { client } = await clients.join(server.url, 'French 2', { role: 'attendee' }, SESSION);
    await client.call('interpretation:selectLanguage', { language: 'fr' });
    await expect.poll(() => operator.getByTestId('listeners-fr').textContent(), { timeout: 10_000 }).toBe('2');

    // A reload keeps the view (the tab kept the token).
    await operator.reload();
    await operator.getByTestId('operator-view').waitFor();
    expect(await operator.getByTestId('listeners-fr').textContent()).toBe('2');
  });

  it('refuses a link that is not an organizer’s, clearly', async () => {
    const moderator = await server.token('Moderator Yusuf', { role: 'moderator' }, { sessionId: SESSION });
    const refused = await openOperatorView(`/operator#token=${moderator}`);
    await expect.poll(() => alertText(refused), { timeout: 10_000 }).toContain('Only organizers can open the operator view');
    expect(await refused.getByTestId('operator-view').count()).toBe(0);

    const broken = await openOperatorView('/operator#token=not-a-token');
    await expect.poll(() => alertText(broken)).toContain('damaged');

    // Signed with another server's secret: the server says no.
    const forged = await issueJoinToken('another-server-secret-0123456789abcdef', { name: 'Organizer Amina', grant: { role: 'organizer' }, sessionId: SESSION });
    const notOurs = await openOperatorView(`/operator#token=${forged}`);
    await expect.poll(() => alertText(notOurs), { timeout: 10_000 }).toContain('the join link is not valid');

    // The token is read from the fragment only: one in the query string is not taken.
    const organizer = await server.token('Organizer Amina', { role: 'organizer' }, { sessionId: SESSION });
    const inQuery = await openOperatorView(`/operator?token=${organizer}`);
    await expect.poll(() => alertText(inQuery)).toContain('may have logged it');
    expect(inQuery.url()).not.toContain(organizer);
  });
});
