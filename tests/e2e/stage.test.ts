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

  it('a forged token is refused by the server with a clear message', async () => {
    const real = await env.server.token('Mallory', { role: 'attendee' });
    const [header, , signature] = real.split('.');
    const payload = Buffer.from(JSON.stringify({ name: 'Mallory', session: 'plenary-1', grant: { role: 'organizer' }, sub: 'x' })).toString('base64url');
    const page = await openJoinLink(`${header}.${payload}.${signature}`);
    await page.getByRole('button', { name: 'Join with camera and microphone' }).click();
    await page.getByRole('heading', { name: 'The session ended for you' }).waitFor();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/not valid/);
    await page.context().close();
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

      restartable = await startTestServer({ PORT: port });
      await page.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('participant-count').textContent()).toBe('1 participant');
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
