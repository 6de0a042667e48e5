import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { outOfSight, placementOf } from '../support/firstViewport.ts';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';
import type { TestServer } from '../support/testServer.ts';

// Each role's page at a desktop and a phone size: the controls the role needs during a live
// session are in the first viewport, without scrolling; a screenshot of each is kept.
const SCREENSHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const VIEWPORTS = {
  desktop: { session: 'plenary-2', context: { viewport: { width: 1280, height: 800 } } },
  phone: { session: 'plenary-3', context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
} satisfies Record<string, { session: string; context: BrowserContextOptions }>;

const env = useServerAndBrowser();

type Grant = Parameters<TestServer['token']>[1];

describe.each(Object.entries(VIEWPORTS))('one screen per role, %s', (viewport, { session, context }) => {
  const join = async (name: string, grant: Grant, button: string): Promise<Page> => {
    const token = await env.server.token(name, grant, { sessionId: session, participantId: `layout-${viewport}-${name.toLowerCase()}` });
    return joinWith(await openJoinLink(env.browser, env.server.url, token, `${name} (${viewport})`, undefined, context), button);
  };
  const expectInSight = async (page: Page, role: string, controls: Record<string, Locator>) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const problems = await outOfSight(page, controls);
    await page.screenshot({ path: `${SCREENSHOTS}${role}-${viewport}.png`, scale: 'css' });
    expect(problems, `${role} at ${viewport}`).toEqual([]);
  };

  it('speaker, interpreter on air, listener, moderator with a queue, and an attendee given the floor', async () => {
    const speaker = await join('Khadija', { role: 'speaker' }, 'Join with camera and microphone');
    const moderator = await join('Yusuf', { role: 'moderator' }, 'Join to listen only');
    const interpreter = await join('Amal', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    // Off air, the interpreter already sees their own microphone's level.
    expect((await placementOf('own microphone level, off air', interpreter.getByRole('meter', { name: 'Your microphone (off air)' }))).problems).toEqual([]);
    await interpreter.getByRole('button', { name: 'Go on air' }).click();
    await interpreter.getByRole('meter', { name: 'Your voice on air' }).waitFor();
    const listener = await join('Bilal', { role: 'attendee' }, 'Join session');
    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('fr');
    await listener.getByRole('button', { name: 'Raise hand' }).click();
    await listener.getByTestId('queue-position').waitFor();
    const attendee = await join('Sara', { role: 'attendee' }, 'Join session');
    await attendee.getByRole('button', { name: 'Raise hand' }).click();
    await attendee.getByTestId('queue-position').waitFor();
    await moderator.getByRole('button', { name: 'Give the floor to Sara' }).click();
    const goOnStage = attendee.getByRole('button', { name: 'Go on stage' });
    await expect.poll(() => goOnStage.isEnabled(), { timeout: 15_000 }).toBe(true);
    // Everyone sees the speaker's picture (it is what the rest of the screen is for).
    for (const page of [listener, moderator, interpreter]) {
      await page.locator('figure[data-participant$="-khadija"][data-has-video="true"]').waitFor({ timeout: 20_000 });
    }

    const listeningControls = (page: Page) => ({
      'language picker': page.getByRole('combobox', { name: 'Listening language' }),
      'floor slider': page.getByRole('slider', { name: 'Floor volume' }),
    });
    await expectInSight(listener, 'listener', { ...listeningControls(listener), 'lower hand': listener.getByRole('button', { name: 'Lower hand' }) });
    await expectInSight(interpreter, 'interpreter', {
      'on air': interpreter.getByRole('button', { name: 'ON AIR — go off air' }),
      cough: interpreter.getByRole('button', { name: 'Cough (hold)' }),
      handover: interpreter.getByRole('button', { name: 'Offer handover' }),
      input: interpreter.getByRole('combobox', { name: 'Input' }),
      'own microphone level': interpreter.getByRole('meter', { name: 'Your voice on air' }),
      'headphone volume': interpreter.getByRole('slider', { name: 'Headphone volume' }),
    });
    // Interpreters have the booth's controls only: no attendee hand in the way.
    expect(await interpreter.getByRole('button', { name: 'Raise hand' }).count()).toBe(0);
    await expectInSight(moderator, 'moderator', {
      'next speaker': moderator.getByRole('button', { name: 'Next speaker' }),
      'take the floor': moderator.getByRole('button', { name: 'Take the floor' }),
      'lower all hands': moderator.getByRole('button', { name: 'Lower all hands' }),
      'mute all': moderator.getByRole('button', { name: 'Mute all' }),
      'time limit': moderator.getByRole('textbox', { name: 'Time limit (m:ss)' }),
      'one more minute': moderator.getByRole('button', { name: 'Give one more minute' }),
      queue: moderator.getByRole('list', { name: 'Queue' }),
      'give the floor to the first hand': moderator.getByRole('button', { name: 'Give the floor to Bilal' }),
    });
    await expectInSight(attendee, 'floor-given', {
      'you have the floor': attendee.getByRole('heading', { name: 'You have the floor' }),
      'go on stage': goOnStage,
      // The microphone's check comes with it: its level and what kind of microphone it is.
      'microphone level': attendee.getByRole('meter', { name: 'Microphone level' }),
      'headset or studio': attendee.getByRole('radio', { name: 'Headset or studio microphone' }),
      'laptop or room': attendee.getByRole('radio', { name: 'Laptop or room microphone' }),
      'what the choice means': attendee.getByTestId('sound-profile-hint'),
    });
    await expectInSight(speaker, 'speaker', {
      microphone: speaker.getByRole('button', { name: 'Mute microphone' }),
      camera: speaker.getByRole('button', { name: 'Turn camera off' }),
      ...listeningControls(speaker),
    });

    // The check can fail: the same listener controls pushed a screen down are found out of sight.
    await listener.locator('.session-bar').evaluate((bar: HTMLElement) => (bar.style.marginTop = '100vh'));
    const pushed = await outOfSight(listener, listeningControls(listener));
    expect(pushed.join('\n')).toMatch(/language picker: .*(below the fold|instead)/);
    expect(pushed.join('\n')).toMatch(/floor slider: /);
    await listener.locator('.session-bar').evaluate((bar: HTMLElement) => (bar.style.marginTop = ''));

    for (const page of [speaker, moderator, interpreter, listener, attendee]) await page.context().close();
  }, 180_000); // five pages decoding video on two shared cores
});
