import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { launchBrowser } from '../support/browser.ts';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';
import type { TestServer } from '../support/testServer.ts';

// Other files use the same sessions (one Redis for the run): each test here leaves its
// session with no hand up, nobody holding the floor and nobody in a booth.
const env = useServerAndBrowser();

type Grant = Parameters<TestServer['token']>[1];
const CAMERA_AND_MICROPHONE = 'Join with camera and microphone';

async function join(session: string, name: string, id: string, grant: Grant, button: string, browser: Browser = env.browser): Promise<Page> {
  const token = await env.server.token(name, grant, { sessionId: session, participantId: id });
  return joinWith(await openJoinLink(browser, env.server.url, token, name), button);
}

const stateOf = (page: Page) => page.evaluate(() => window.__multaqa!.state());
const audioSamples = (page: Page) => page.evaluate(async () => (await window.__multaqa!.receiveStats()).audioSamplesReceived);
const markerOn = (page: Page, selector: string) => page.locator(`${selector} [data-testid="muted-marker"]`);
const tileOf = (id: string) => `figure[data-participant="${id}"]`;
const listed = (id: string) => `section[aria-label="Participants"] li[data-participant="${id}"]`;

/** Whether the listener receives sound from the stage (at least one more second of samples). */
async function hearsSomeone(listener: Page): Promise<void> {
  const before = await audioSamples(listener);
  await expect.poll(() => audioSamples(listener), { timeout: 20_000 }).toBeGreaterThan(before + 48_000);
}

async function closeAll(...pages: Page[]): Promise<void> {
  for (const page of pages) await page.context().close();
}

describe('muting is seen and explained', () => {
  it('a moderator mute marks the tile and the participant list and tells the speaker who; mute all is confirmed first', async () => {
    const session = 'plenary-3';
    const yusuf = await join(session, 'Yusuf', 'fb-mute-yusuf', { role: 'moderator' }, CAMERA_AND_MICROPHONE);
    const khadija = await join(session, 'Khadija', 'fb-mute-khadija', { role: 'speaker' }, CAMERA_AND_MICROPHONE);
    const bilal = await join(session, 'Bilal', 'fb-mute-bilal', { role: 'attendee' }, 'Join session');
    await bilal.locator(`${tileOf('fb-mute-khadija')}[data-has-video="true"]`).waitFor({ timeout: 20_000 });
    await yusuf.locator(listed('fb-mute-khadija')).waitFor();
    expect(await markerOn(bilal, tileOf('fb-mute-khadija')).count()).toBe(0);
    expect(await markerOn(yusuf, listed('fb-mute-khadija')).count()).toBe(0);
    // Someone without a microphone is not offered to be muted.
    await yusuf.locator(listed('fb-mute-bilal')).waitFor();
    expect(await yusuf.getByRole('button', { name: 'Mute Bilal' }).count()).toBe(0);

    await yusuf.getByRole('button', { name: 'Mute Khadija' }).click();
    await expect.poll(() => khadija.getByRole('status').first().textContent()).toBe('Moderator Yusuf muted your microphone. Unmute it when you want to speak.');
    await expect.poll(() => markerOn(khadija, tileOf('fb-mute-khadija')).textContent()).toBe('Muted by a moderator');
    await expect.poll(() => markerOn(bilal, tileOf('fb-mute-khadija')).textContent()).toBe('Muted');
    await expect.poll(() => markerOn(yusuf, listed('fb-mute-khadija')).textContent()).toBe('Muted');
    await expect.poll(() => markerOn(yusuf, tileOf('fb-mute-khadija')).textContent()).toBe('Muted');
    expect(await yusuf.getByRole('button', { name: 'Mute Khadija' }).isDisabled()).toBe(true);

    // She unmutes herself: the markers and the notice go.
    await khadija.getByRole('button', { name: 'Unmute microphone' }).click();
    await expect.poll(() => markerOn(bilal, tileOf('fb-mute-khadija')).count()).toBe(0);
    await expect.poll(() => markerOn(yusuf, listed('fb-mute-khadija')).count()).toBe(0);
    await expect.poll(() => khadija.getByRole('status').count()).toBe(0);
    expect(await markerOn(khadija, tileOf('fb-mute-khadija')).count()).toBe(0);

    // Mute all asks first; a double click does not answer for the person; cancelling changes nothing.
    await yusuf.getByRole('button', { name: 'Mute all', exact: true }).click();
    await yusuf.getByRole('button', { name: 'Mute all now' }).click({ force: true });
    const confirm = yusuf.getByRole('group', { name: 'Confirm: Mute all now' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/Mute everyone's microphone\?/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await yusuf.waitForTimeout(1_500);
    const microphoneOf = async (page: Page, id: string) => (await stateOf(page)).producers.find((p) => p.participantId === id && p.source === 'microphone');
    expect(await microphoneOf(bilal, 'fb-mute-khadija')).toMatchObject({ paused: false });
    expect(await markerOn(bilal, tileOf('fb-mute-khadija')).count()).toBe(0);
    expect(await khadija.getByRole('status').count()).toBe(0);

    await yusuf.getByRole('button', { name: 'Mute all', exact: true }).click();
    await yusuf.getByRole('button', { name: 'Mute all now' }).click();
    await expect.poll(() => khadija.getByRole('status').first().textContent()).toBe("Moderator Yusuf muted everyone's microphone. Unmute yours when you want to speak.");
    await expect.poll(() => markerOn(bilal, tileOf('fb-mute-khadija')).textContent()).toBe('Muted');
    // Moderators are spared.
    expect(await markerOn(bilal, tileOf('fb-mute-yusuf')).count()).toBe(0);
    await closeAll(yusuf, khadija, bilal);
  }, 120_000);
});

describe('hands and turns: who did what', () => {
  it('a lowered hand, all hands lowered (confirmed), the floor passed on and taken back, and time up each say who and why', async () => {
    const session = 'plenary-2';
    const yusuf = await join(session, 'Yusuf', 'fb-q-yusuf', { role: 'moderator' }, CAMERA_AND_MICROPHONE);
    await yusuf.getByRole('button', { name: 'Mute microphone' }).click();
    const sara = await join(session, 'Sara', 'fb-q-sara', { role: 'attendee' }, 'Join session');
    const omar = await join(session, 'Omar', 'fb-q-omar', { role: 'attendee' }, 'Join session');
    const handNotice = (page: Page) => page.getByTestId('hand-notice').textContent();
    const raise = async (page: Page) => {
      await page.getByRole('button', { name: 'Raise hand' }).click();
      await page.getByTestId('queue-position').waitFor();
    };

    await raise(sara);
    await raise(omar);
    await yusuf.getByRole('button', { name: 'Remove Sara from the queue' }).click();
    await expect.poll(() => handNotice(sara)).toMatch(/^Moderator Yusuf lowered your hand\./);
    expect(await omar.getByTestId('hand-notice').count()).toBe(0);
    await expect.poll(() => yusuf.getByTestId('queue-change').textContent()).toBe('You lowered Sara’s hand.');
    // The notice goes when she raises her hand again.
    await raise(sara);
    expect(await sara.getByTestId('hand-notice').count()).toBe(0);

    // Lowering all hands asks first; cancelling keeps the queue.
    await yusuf.getByRole('button', { name: 'Lower all hands', exact: true }).click();
    const confirm = yusuf.getByRole('group', { name: 'Confirm: Lower all hands now' });
    expect(await confirm.textContent()).toMatch(/raised hands\? Everyone waiting leaves the queue\./);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await sara.waitForTimeout(1_000);
    expect(await sara.getByTestId('queue-position').count()).toBe(1);
    expect(await omar.getByTestId('queue-position').count()).toBe(1);
    await yusuf.getByRole('button', { name: 'Lower all hands', exact: true }).click();
    await yusuf.getByRole('button', { name: 'Lower all hands now' }).click();
    for (const page of [sara, omar]) await expect.poll(() => handNotice(page)).toMatch(/^Moderator Yusuf lowered all hands\./);
    await expect.poll(() => yusuf.getByTestId('queue-change').textContent()).toBe('You lowered all hands.');
    // With no hand left the button is unavailable, and the moderator's focus stays on it.
    const lowerAll = yusuf.getByRole('button', { name: 'Lower all hands', exact: true });
    await expect.poll(() => lowerAll.isDisabled()).toBe(true);
    expect(await lowerAll.evaluate((button) => button === document.activeElement)).toBe(true);

    // The floor: given to Sara (she sees by whom), then to Omar (she is told her turn ended and why).
    await raise(sara);
    await raise(omar);
    await yusuf.getByRole('button', { name: 'Give the floor to Sara' }).click();
    // The button went with Sara's row: the moderator's focus stays in the console, not on the page.
    await expect.poll(() => focusedIn(yusuf)).toBe('Speaker queue');
    const prompt = sara.getByRole('region', { name: 'You have the floor' });
    await expect.poll(() => prompt.textContent()).toMatch(/Moderator Yusuf gave you the floor\./);
    await sara.getByRole('button', { name: 'Go on stage' }).click();
    await sara.getByRole('button', { name: 'Mute microphone' }).waitFor();
    // Leaving while holding the floor asks first.
    await sara.getByRole('button', { name: 'Leave', exact: true }).click();
    const leave = sara.getByRole('group', { name: 'Confirm: Leave now' });
    expect(await leave.textContent()).toMatch(/You have the floor\. Leave now\?/);
    await leave.getByRole('button', { name: 'Stay' }).click();
    expect(await sara.locator('main').getAttribute('data-phase')).toBe('joined');

    await yusuf.getByRole('button', { name: 'Give the floor to Omar' }).click();
    await expect.poll(() => handNotice(sara)).toMatch(/^Your turn ended: Moderator Yusuf gave the floor to Omar\./);
    await expect.poll(() => yusuf.getByTestId('queue-change').textContent()).toBe('You gave the floor to Omar.');
    await yusuf.getByRole('button', { name: 'Take the floor' }).click();
    await expect.poll(() => handNotice(omar)).toMatch(/^Your turn ended: Moderator Yusuf took the floor back\./);
    // "Take the floor" is unavailable now: focus stays in the console.
    await expect.poll(() => focusedIn(yusuf)).toBe('Speaker queue');
    // Dismissed, it goes.
    await omar.getByTestId('hand-notice').getByRole('button', { name: 'OK' }).click();
    expect(await omar.getByTestId('hand-notice').count()).toBe(0);

    // Time up with "mute when time is up": the speaker is told why the microphone went off; everyone sees it muted.
    await raise(sara);
    await yusuf.getByRole('button', { name: 'Give the floor to Sara' }).click();
    await sara.getByRole('button', { name: 'Go on stage' }).click();
    await sara.getByRole('button', { name: 'Mute microphone' }).waitFor();
    await yusuf.getByRole('checkbox', { name: 'Mute when time is up' }).click();
    await expect.poll(() => yusuf.getByRole('checkbox', { name: 'Mute when time is up' }).isChecked()).toBe(true);
    const limit = yusuf.getByRole('textbox', { name: 'Time limit (m:ss)' });
    await limit.fill('0:10');
    await limit.press('Enter');
    await expect
      .poll(() => sara.getByRole('status').first().textContent(), { timeout: 20_000 })
      .toBe('Your time is up — your microphone was muted until a moderator gives you more time.');
    await sara.getByRole('button', { name: 'Muted: your time is up' }).waitFor();
    await expect.poll(() => markerOn(sara, tileOf('fb-q-sara')).textContent()).toBe('Muted: time is up');
    await expect.poll(() => markerOn(omar, tileOf('fb-q-sara')).textContent()).toBe('Muted');
    await expect.poll(() => markerOn(yusuf, listed('fb-q-sara')).textContent()).toBe('Muted');
    // Her own countdown says so too (on her clock, which may be a moment behind the server's).
    await expect.poll(() => sara.getByRole('timer', { name: 'Speaking time' }).textContent()).toMatch(/— −?0:0\d \(your time is up\)$/);
    await yusuf.getByRole('button', { name: 'Take the floor' }).click();
    // Her microphone is gone, and what was said about it with it.
    await expect.poll(() => handNotice(sara)).toMatch(/^Your turn ended: Moderator Yusuf took the floor back\./);
    await expect.poll(() => sara.getByRole('status').allTextContents()).toEqual([expect.stringMatching(/^Your turn ended/)]);
    await closeAll(yusuf, sara, omar);
  }, 120_000);
});

describe('the booth console', () => {
  it('"slow down" is confirmed, an idle relay warns that it is silent, "Now:" is who holds the floor, and leaving on air asks first', async () => {
    const session = 'plenary-1';
    const yusuf = await join(session, 'Yusuf', 'fb-booth-yusuf', { role: 'moderator' }, CAMERA_AND_MICROPHONE);
    const khadija = await join(session, 'Khadija', 'fb-booth-khadija', { role: 'speaker' }, CAMERA_AND_MICROPHONE);
    await yusuf.getByRole('button', { name: 'Mute microphone' }).click();
    const amal = await join(session, 'Amal', 'fb-booth-amal', { role: 'interpreter', language: 'fr' }, 'Join with microphone');
    const sara = await join(session, 'Sara', 'fb-booth-sara', { role: 'attendee' }, 'Join session');

    // Khadija is the loudest on stage, but nobody holds the floor.
    await expect.poll(async () => (await stateOf(amal)).activeSpeakerId, { timeout: 20_000 }).toBe('fb-booth-khadija');
    expect(await amal.getByTestId('current-speaker').textContent()).toBe('Now: nobody has the floor');
    // A hand raised without a language: the booth is not told a language nobody chose.
    await sara.getByRole('button', { name: 'Raise hand' }).click();
    await expect.poll(() => amal.getByTestId('next-speaker').textContent()).toBe('Next: Sara · language not given');
    await sara.getByRole('button', { name: 'Lower hand' }).click();
    await sara.getByRole('combobox', { name: 'Language you will speak' }).selectOption('es');
    await sara.getByRole('button', { name: 'Raise hand' }).click();
    await expect.poll(() => amal.getByTestId('next-speaker').textContent()).toBe('Next: Sara · Spanish');
    await yusuf.getByRole('button', { name: 'Give the floor to Sara' }).click();
    await expect.poll(() => amal.getByTestId('current-speaker').textContent()).toBe('Now: Sara · Spanish');

    await amal.getByRole('button', { name: 'Ask the speaker to slow down' }).click();
    await expect.poll(() => amal.getByTestId('slow-down-sent').textContent()).toBe('Sent: Sara and the moderators see your request to slow down.');
    await expect.poll(() => yusuf.getByRole('alert').first().textContent()).toMatch(/French booth \(Amal\) asks the speaker to slow down/);

    // Relay from the Spanish booth, where nobody is on air: silence, said so.
    await amal.getByRole('combobox', { name: 'Input' }).selectOption('es');
    await expect.poll(() => amal.getByTestId('relay-idle').textContent()).toMatch(/^The Spanish booth is idle: you hear nothing/);
    const paco = await join(session, 'Paco', 'fb-booth-paco', { role: 'interpreter', language: 'es' }, 'Join with microphone');
    await paco.getByRole('button', { name: 'Go on air' }).click();
    await amal.getByTestId('relay-idle').waitFor({ state: 'detached', timeout: 10_000 });
    await amal.getByRole('combobox', { name: 'Input' }).selectOption('');

    // Leaving while on air asks first.
    await amal.getByRole('button', { name: 'Go on air' }).click();
    await amal.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();
    await amal.getByRole('button', { name: 'Leave', exact: true }).click();
    const leave = amal.getByRole('group', { name: 'Confirm: Leave now' });
    expect(await leave.textContent()).toMatch(/You are on air\. Leave now\? Listeners of the French channel will hear the floor/);
    await leave.getByRole('button', { name: 'Stay' }).click();
    await amal.waitForTimeout(500);
    expect(await amal.locator('main').getAttribute('data-phase')).toBe('joined');
    expect((await stateOf(amal)).booths.find((b) => b.language === 'fr')?.onAir).toBe('fb-booth-amal');
    await amal.getByRole('button', { name: 'Leave', exact: true }).click();
    await amal.getByRole('button', { name: 'Leave now' }).click();
    await amal.getByRole('heading', { name: 'You left the session' }).waitFor();
    await expect.poll(async () => (await stateOf(sara)).booths.find((b) => b.language === 'fr')?.onAir).toBeNull();
    // Someone with nothing to lose leaves at once.
    await paco.getByRole('button', { name: 'ON AIR — go off air' }).click();
    await paco.getByRole('button', { name: 'Go off air now' }).click();
    await paco.getByRole('button', { name: 'Go on air' }).waitFor();
    await paco.getByRole('button', { name: 'Leave', exact: true }).click();
    await paco.getByRole('heading', { name: 'You left the session' }).waitFor();
    // The session as it was found, for the tests after this one.
    await yusuf.getByRole('button', { name: 'Take the floor' }).click();
    await expect.poll(async () => (await stateOf(yusuf)).queue.current).toBeNull();
    await closeAll(yusuf, khadija, amal, sara, paco);
  }, 120_000);
});

/** What has the keyboard focus on a page: a heading or button by its text, or "page" when nothing has. */
function focusedIn(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement === document.body || !document.activeElement ? 'page' : (document.activeElement.textContent ?? '').trim()));
}

describe('no dead ends for speakers', () => {
  it('a speaker whose camera is blocked joins with the microphone only, is heard, and turns the camera on once it is allowed', async () => {
    const session = 'plenary-2';
    // Chromium refuses the camera (as after "Block") but has the microphone allowed.
    const blocking = await launchBrowser({ mediaPermission: 'deny' });
    try {
      const context = await blocking.newContext();
      await context.grantPermissions(['microphone'], { origin: env.server.url });
      const omar = await context.newPage();
      await omar.goto(`${env.server.url}/join#token=${await env.server.token('Omar', { role: 'speaker' }, { sessionId: session, participantId: 'fb-camera-omar' })}`);
      await expect.poll(() => omar.getByTestId('camera-problem').textContent(), { timeout: 10_000 }).toMatch(/^Camera access was refused, so you join with your microphone only/);
      await omar.getByRole('meter', { name: 'Microphone level' }).waitFor();
      await joinWith(omar, 'Join with microphone only');
      await omar.getByRole('button', { name: 'Mute microphone' }).waitFor();
      const cameraOn = omar.getByRole('button', { name: 'Turn camera on' });
      expect(await omar.getByRole('button', { name: /camera/i }).allTextContents()).toEqual(['Turn camera on']);

      const listener = await join(session, 'Bilal', 'fb-camera-bilal', { role: 'attendee' }, 'Join session');
      await listener.locator(`${tileOf('fb-camera-omar')}[data-has-video="false"]`).waitFor({ timeout: 20_000 });
      await expect.poll(() => listener.locator('audio[data-participant="fb-camera-omar"]').count(), { timeout: 20_000 }).toBe(1);
      await hearsSomeone(listener);

      // Still blocked: he is told why and what to do; once he allows it, he is seen too.
      await cameraOn.click();
      await expect.poll(() => omar.getByRole('alert').allTextContents()).toContain('Camera access was refused. To be seen, allow the camera in your browser’s site settings and try again.');
      await context.grantPermissions(['microphone', 'camera'], { origin: env.server.url });
      // A double press opens one camera, and the focus stays on the button (now "Turn camera off").
      await cameraOn.dblclick();
      const cameraOff = omar.getByRole('button', { name: 'Turn camera off' });
      await cameraOff.waitFor();
      expect(await cameraOff.evaluate((button) => button === document.activeElement)).toBe(true);
      await omar.waitForTimeout(1_000);
      expect(await omar.getByRole('alert').allTextContents()).toEqual([]);
      await listener.locator(`${tileOf('fb-camera-omar')}[data-has-video="true"]`).waitFor({ timeout: 20_000 });
      await hearsSomeone(listener);
      await listener.context().close();
    } finally {
      await blocking.close();
    }
  });

  it('a speaker who joined to listen only turns microphone and camera on later and is heard and seen', async () => {
    const session = 'plenary-2';
    const hiba = await join(session, 'Hiba', 'fb-later-hiba', { role: 'speaker' }, 'Join to listen only');
    const listener = await join(session, 'Bilal', 'fb-later-bilal', { role: 'attendee' }, 'Join session');
    await listener.locator(tileOf('fb-later-hiba')).waitFor();
    expect(await listener.locator('audio[data-participant="fb-later-hiba"]').count()).toBe(0);

    await hiba.getByText('You joined without camera and microphone.').waitFor();
    await hiba.getByRole('button', { name: 'Turn on microphone and camera' }).click();
    await hiba.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await hiba.getByRole('button', { name: 'Start microphone and camera' }).click();
    await hiba.getByRole('button', { name: 'Mute microphone' }).waitFor();
    await listener.locator(`${tileOf('fb-later-hiba')}[data-has-video="true"]`).waitFor({ timeout: 20_000 });
    await expect.poll(() => listener.locator('audio[data-participant="fb-later-hiba"]').count(), { timeout: 20_000 }).toBe(1);
    await hearsSomeone(listener);
    await closeAll(hiba, listener);
  });
});

describe('the page says how the session ended', () => {
  it('a removal, a second window and a link that does not work each have their own headline; only a second window offers to join again', async () => {
    const session = 'workshop-1';
    const yusuf = await join(session, 'Yusuf', 'fb-end-yusuf', { role: 'moderator' }, CAMERA_AND_MICROPHONE);
    const troll = await join(session, 'Troll', 'fb-end-troll', { role: 'attendee' }, 'Join session');
    // Removing asks first, on the page (not the browser's own dialog), and nobody goes on cancel.
    await yusuf.getByRole('button', { name: 'Remove Troll from the session' }).click();
    const confirmRemoval = yusuf.getByRole('group', { name: 'Confirm: Yes, remove Troll' });
    expect(await confirmRemoval.textContent()).toMatch(/Remove Troll from this session\? They cannot join it again\./);
    await confirmRemoval.getByRole('button', { name: 'Cancel' }).click();
    await yusuf.waitForTimeout(1_000);
    expect(await troll.locator('main[data-phase="joined"]').count()).toBe(1);
    await yusuf.getByRole('button', { name: 'Remove Troll from the session' }).click();
    await yusuf.getByRole('button', { name: 'Yes, remove Troll' }).click();
    await troll.getByRole('heading', { name: 'A moderator removed you from this session' }).waitFor();
    expect(await troll.getByRole('button').count()).toBe(0);
    expect(await troll.textContent('main')).toMatch(/You cannot join this session again/);

    // The same person opens the session in a second window: the first says so, and may take the session back.
    const token = await env.server.token('Sara', { role: 'attendee' }, { sessionId: session, participantId: 'fb-end-sara' });
    const first = await joinWith(await openJoinLink(env.browser, env.server.url, token, 'first window'), 'Join session');
    const second = await joinWith(await openJoinLink(env.browser, env.server.url, token, 'second window'), 'Join session');
    await first.getByRole('heading', { name: 'You opened this session in another window' }).waitFor();
    await first.getByRole('button', { name: 'Use this window instead' }).waitFor();
    expect(await second.locator('main').getAttribute('data-phase')).toBe('joined');

    // A forged link: the server refuses it on the join page already, and there is nothing to join.
    const real = await env.server.token('Mallory', { role: 'attendee' }, { sessionId: session });
    const [header, , signature] = real.split('.');
    const payload = Buffer.from(JSON.stringify({ name: 'Mallory', session, grant: { role: 'attendee' }, sub: 'x' })).toString('base64url');
    const forged = await openJoinLink(env.browser, env.server.url, `${header}.${payload}.${signature}`, 'forged');
    await forged.getByRole('heading', { name: 'This join link is not valid' }).waitFor();
    expect(await forged.getByRole('alert').textContent()).toMatch(/ask the organizers for a new one/);
    expect(await forged.getByRole('button').count()).toBe(0);
    await closeAll(yusuf, troll, first, second, forged);
  });
});
