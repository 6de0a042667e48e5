import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';
import type { TestServer } from '../support/testServer.ts';

// axe-core on every role's page, as each person sees it in a session under way (a speaker on
// stage, an interpreter on air, a hand raised, the floor given): no serious or critical findings.
const SESSION = 'plenary-1';
const env = useServerAndBrowser();

type Grant = Parameters<TestServer['token']>[1];
const tokenFor = (name: string, grant: Grant) => env.server.token(name, grant, { sessionId: SESSION, participantId: `a11y-${name.toLowerCase()}` });
const open = async (name: string, grant: Grant) => openJoinLink(env.browser, env.server.url, await tokenFor(name, grant), name);

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

/** axe's serious and critical violations on the page as it is now, one line each (rule, what, where). */
async function seriousViolations(page: Page): Promise<string[]> {
  // The app's CSP allows no inline script: axe goes in through the DevTools protocol instead.
  if (!(await page.evaluate(() => window.axe !== undefined))) await page.evaluate(axe.source);
  const results = await page.evaluate(() => window.axe!.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.impact} ${violation.id} (${violation.help}): ${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
    );
}

const expectNoSeriousViolations = async (page: Page, what: string) => expect(await seriousViolations(page), what).toEqual([]);

describe('accessibility (axe-core)', () => {
  it('the join page, and every role in a session under way: listener, speaker, interpreter, moderator, organizer, someone given the floor, the operator view', async () => {
    const speakerJoin = await open('Khadija', { role: 'speaker' });
    await speakerJoin.getByRole('button', { name: 'Join with camera and microphone' }).waitFor();
    await expect.poll(() => speakerJoin.getByRole('button', { name: 'Join with camera and microphone' }).isEnabled()).toBe(true);
    await expectNoSeriousViolations(speakerJoin, 'join page with the device check');
    const speaker = await joinWith(speakerJoin, 'Join with camera and microphone');

    const interpreter = await joinWith(await open('Amal', { role: 'interpreter', language: 'fr' }), 'Join with microphone');
    await interpreter.getByRole('button', { name: 'Go on air' }).click();
    await interpreter.getByRole('meter', { name: 'Your voice on air' }).waitFor();

    const listenerJoin = await open('Bilal', { role: 'attendee' });
    await listenerJoin.getByRole('button', { name: 'Join session' }).waitFor();
    await expectNoSeriousViolations(listenerJoin, 'join page of an attendee');
    const listener = await joinWith(listenerJoin, 'Join session');
    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('fr');
    await listener.getByRole('button', { name: 'Raise hand' }).click();
    await listener.getByTestId('queue-position').waitFor();

    const moderator = await joinWith(await open('Yusuf', { role: 'moderator' }), 'Join to listen only');
    const organizer = await joinWith(await open('Amina', { role: 'organizer' }), 'Join to listen only');
    await organizer
      .getByText('This session has no recordings yet.')
      .waitFor()
      .catch(async (error: unknown) => {
        const said = await organizer.getByRole('region', { name: 'Recordings' }).textContent().catch(() => 'no recordings panel');
        throw new Error(`the organizer's recordings did not list (the panel says: ${said})`, { cause: error });
      });

    const attendee = await joinWith(await open('Sara', { role: 'attendee' }), 'Join session');
    await attendee.getByRole('button', { name: 'Raise hand' }).click();
    await moderator.getByRole('button', { name: 'Give the floor to Sara' }).click();
    await expect.poll(() => attendee.getByRole('button', { name: 'Go on stage' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    await listener.locator('figure[data-participant="a11y-khadija"][data-has-video="true"]').waitFor({ timeout: 20_000 });

    await expectNoSeriousViolations(listener, 'listener');
    await expectNoSeriousViolations(speaker, 'speaker');
    await expectNoSeriousViolations(interpreter, 'interpreter on air');
    await expectNoSeriousViolations(moderator, 'moderator with a queue and the floor given');
    await expectNoSeriousViolations(organizer, 'organizer');
    await expectNoSeriousViolations(attendee, 'attendee given the floor');

    const operator = await (await env.browser.newContext()).newPage();
    await operator.goto(`${env.server.url}/operator#token=${await tokenFor('Amina', { role: 'organizer' })}`);
    await operator.getByTestId('operator-view').waitFor();
    await expectNoSeriousViolations(operator, 'operator view');

    // And the check itself finds what it should: a button with no name is critical.
    await listener.locator('.session-bar').evaluate((bar) => bar.append(Object.assign(document.createElement('button'), { type: 'button' })));
    expect((await seriousViolations(listener)).join('\n')).toMatch(/critical button-name/);
  }, 120_000);
});
