import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { freePort } from '@multaqa/server/cli/privateRedis.ts';
import { launchBrowser } from '../support/browser.ts';
import { openJoinLink as openLink, useServerAndBrowser } from '../support/sessionPage.ts';
import { startTestServer } from '../support/testServer.ts';

const env = useServerAndBrowser();

const receiveStats = (page: Page) => page.evaluate(() => window.__multaqa!.receiveStats());

const openJoinLink = (token: string) => openLink(env.browser, env.server.url, token);

describe('a session in the browser', () => {
  it('a listener sees and hears the speaker, and the stage updates when the speaker leaves', async () => {
    const speaker = await openJoinLink(await env.server.token('Khadija', { role: 'speaker' }, { participantId: 'e2e-speaker' }));
    await speaker.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await speaker.getByRole('button', { name: 'Join with camera and microphone' }).click();
    await speaker.locator('main[data-phase="joined"]').waitFor();

    const listener = await openJoinLink(await env.server.token('Bilal', { role: 'attendee' }, { participantId: 'e2e-listener' }));
    await listener.getByRole('button', { name: 'Join session' }).click();
    await listener.locator('main[data-phase="joined"]').waitFor();

    // The speaker's camera is on the listener's stage, decoding real frames.
    const tile = listener.locator('figure[data-participant="e2e-speaker"][data-has-video="true"]');
    await tile.waitFor({ timeout: 20_000 });
    await expect.poll(() => tile.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    const first = await receiveStats(listener);
    await expect.poll(async () => (await receiveStats(listener)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(first.framesDecoded + 20);
    await expect
      .poll(async () => (await receiveStats(listener)).audioSamplesReceived, { timeout: 20_000 })
      .toBeGreaterThan(first.audioSamplesReceived + 48_000);
    expect(await listener.locator('audio[data-participant="e2e-speaker"]').count()).toBe(1);
    await expect.poll(() => listener.getByTestId('participant-count').textContent()).toBe('2 participants');

    // Camera off: the server pauses the producer and the listener's tile drops the video.
    await speaker.getByRole('button', { name: 'Turn camera off' }).click();
    await listener.locator('figure[data-participant="e2e-speaker"][data-has-video="false"]').waitFor({ timeout: 10_000 });
    await speaker.getByRole('button', { name: 'Turn camera on' }).click();
    await tile.waitFor({ timeout: 10_000 });
    // Microphone muted: no more audio arrives.
    await speaker.getByRole('button', { name: 'Mute microphone' }).click();
    await expect.poll(() => listener.evaluate(() => window.__multaqa!.state().producers.find((p) => p.source === 'microphone')?.paused)).toBe(true);
    await listener.waitForTimeout(300);
    const muted = await receiveStats(listener);
    await listener.waitForTimeout(1_000);
    expect((await receiveStats(listener)).audioBytesReceived - muted.audioBytesReceived).toBeLessThan(2_000);
    await speaker.getByRole('button', { name: 'Unmute microphone' }).click();
    await expect
      .poll(async () => (await receiveStats(listener)).audioSamplesReceived, { timeout: 10_000 })
      .toBeGreaterThan(muted.audioSamplesReceived + 48_000);

    await speaker.getByRole('button', { name: 'Leave' }).click();
    await speaker.getByRole('heading', { name: 'You left the session' }).waitFor();
    await listener.locator('figure[data-participant="e2e-speaker"]').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await listener.locator('audio[data-participant="e2e-speaker"]').count()).toBe(0);
    await listener.getByText('Nobody is on stage yet.').waitFor();
    await expect.poll(() => listener.getByTestId('participant-count').textContent()).toBe('1 participant');
    await speaker.context().close();
    await listener.context().close();
  });

  it('a damaged join link gets a clear message', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}/join#token=garbage`);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/damaged/);
    await page.close();
  });

  it('the token leaves the address bar once read, a reload of the tab still joins, and ?token= is not a join link', async () => {
    const token = await env.server.token('Hiba', { role: 'attendee' }, { participantId: 'e2e-fragment' });
    const page = await openJoinLink(token);
    await page.getByRole('button', { name: 'Join session' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(page.url()).not.toContain(token);
    await page.reload();
    await page.getByRole('button', { name: 'Join session' }).click();
    await page.locator('main[data-phase="joined"]').waitFor();
    expect(await page.evaluate(() => window.__multaqa!.state().self?.id)).toBe('e2e-fragment');

    // A token in the query string ends up in server and proxy logs: the page does not take it.
    const fresh = await env.browser.newPage();
    await fresh.goto(`${env.server.url}/join?token=${token}`);
    await expect.poll(() => fresh.getByRole('alert').textContent()).toMatch(/after “\?”, where servers and proxies may have logged it/);
    expect(fresh.url()).not.toContain(token);
    await fresh.close();
    await page.context().close();
  });

  it('a forged or an expired link is refused by the server on the join page, before anyone presses Join', async () => {
    const real = await env.server.token('Mallory', { role: 'attendee' });
    const [header, , signature] = real.split('.');
    const payload = Buffer.from(JSON.stringify({ name: 'Mallory', session: 'plenary-1', grant: { role: 'organizer' }, sub: 'x' })).toString('base64url');
    const forged = await openJoinLink(`${header}.${payload}.${signature}`);
    await forged.getByRole('heading', { name: 'This join link is not valid' }).waitFor();
    expect(await forged.getByRole('button', { name: /Join/ }).count()).toBe(0);

    const { issueJoinToken } = await import('@multaqa/server/auth/joinTokens.ts');
    const { TEST_SECRET } = await import('../support/testServer.ts');
    const expired = await openJoinLink(await issueJoinToken(TEST_SECRET, { name: 'Late Lina', grant: { role: 'speaker' }, sessionId: 'plenary-1', ttlSeconds: -60 }));
    await expired.getByRole('heading', { name: 'This join link has expired' }).waitFor();
    await expect.poll(() => expired.getByRole('alert').textContent()).toMatch(/Ask the organizers for a new link/);
    expect(await expired.getByText(/Welcome/).count()).toBe(0);

    // A good link says which session it is for, by its title.
    const good = await openJoinLink(await env.server.token('Hiba', { role: 'attendee' }));
    await expect.poll(() => good.getByText(/You join/).textContent()).toMatch(/Opening plenary/);
    for (const page of [forged, expired, good]) await page.context().close();
  });
});

describe('media permission refused', () => {
  it('tells the speaker what happened and lets them join to listen', async () => {
    const blocking = await launchBrowser({ mediaPermission: 'deny' });
    try {
      const page = await blocking.newPage();
      await page.goto(`${env.server.url}/join#token=${await env.server.token('Omar', { role: 'speaker' })}`);
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/access was refused/);
      await page.getByRole('button', { name: 'Join to listen only' }).click();
      await page.locator('main[data-phase="joined"]').waitFor();
      await page.getByText('You joined without camera and microphone.').waitFor();
    } finally {
      await blocking.close();
    }
  });
});

describe('the server goes away', () => {
  it('the page says it is reconnecting, and re-joins when the server is back', async () => {
    const port = String(await freePort());
    let restartable = await startTestServer({ PORT: port });
    const page = await env.browser.newPage();
    try {
      await page.goto(`${restartable.url}/join#token=${await restartable.token('Sara', { role: 'attendee' }, { participantId: 'e2e-restart' })}`);
      await page.getByRole('button', { name: 'Join session' }).click();
      await page.locator('main[data-phase="joined"]').waitFor();

      await restartable.close();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/Reconnecting|Cannot reach the server/);
      expect(await page.locator('main').getAttribute('data-phase')).toBe('reconnecting');
      // A click meanwhile is refused on the page, in words that fit (it used to reach the server
      // before the re-join and come back as "Join the session first"), and nothing happens later.
      await page.getByRole('button', { name: 'Raise hand' }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents()).toContain('You are reconnecting to the session; try again in a moment');

      restartable = await startTestServer({ PORT: port });
      await page.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('participant-count').textContent()).toBe('1 participant');
      expect(await page.getByRole('alert').allTextContents()).not.toContain('Join the session first');
      expect((await page.evaluate(() => window.__multaqa!.state())).queue.entries).toEqual([]);
    } finally {
      await page.close();
      await restartable.close();
    }
  });
});

describe('the media worker dies', () => {
  it('the page re-joins on its own and receives the speaker again', async () => {
    const speaker = await openJoinLink(await env.server.token('Khadija', { role: 'speaker' }, { participantId: 'e2e-crash-speaker' }));
    const speakerLog: string[] = [];
    speaker.on('console', (message) => speakerLog.push(`${message.type()}: ${message.text()}`));
    await speaker.getByRole('button', { name: 'Join with camera and microphone' }).click();
    await speaker.locator('main[data-phase="joined"]').waitFor();
    const listener = await openJoinLink(await env.server.token('Bilal', { role: 'attendee' }, { participantId: 'e2e-crash-listener' }));
    await listener.getByRole('button', { name: 'Join session' }).click();
    await listener.locator('figure[data-participant="e2e-crash-speaker"][data-has-video="true"]').waitFor({ timeout: 20_000 });

    const phases: string[] = [];
    await listener.exposeFunction('recordPhase', (phase: string) => phases.push(phase));
    await listener.evaluate(() => {
      new MutationObserver(() => (window as unknown as { recordPhase(p: string): void }).recordPhase(document.querySelector('main')?.dataset.phase ?? '')).observe(document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-phase'],
      });
    });
    for (const pid of env.server.workers.pids) process.kill(pid, 'SIGKILL');

    await expect.poll(() => phases.includes('reconnecting'), { timeout: 10_000 }).toBe(true);
    await listener.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
    await speaker.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
    // The speaker re-published on the new worker and the listener decodes it again.
    await listener
      .locator('figure[data-participant="e2e-crash-speaker"][data-has-video="true"]')
      .waitFor({ timeout: 20_000 })
      .catch(async (error: unknown) => {
        const describe = (page: Page) =>
          page.evaluate(() => {
            const s = window.__multaqa!.state();
            return JSON.stringify({ phase: s.phase, notice: s.notice, stage: s.stage.map((p) => p.id), producers: s.producers, remote: s.remote.map((r) => [r.participantId, r.source]), local: Object.keys(s.local) });
          });
        throw new Error(`${String(error)}\nlistener: ${await describe(listener)}\nspeaker: ${await describe(speaker)}\nspeaker console: ${speakerLog.join('\n')}`);
      });
    const before = await receiveStats(listener);
    await expect.poll(async () => (await receiveStats(listener)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(before.framesDecoded + 20);
    await speaker.context().close();
    await listener.context().close();
  });
});
