import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';

const env = useServerAndBrowser();

/** The page's first socket frame carrying `event` is lost on the way, as on a bad network. */
function loseFirst(event: string): (page: Page) => Promise<void> {
  return async (page) => {
    await page.addInitScript((name) => {
      const send = WebSocket.prototype.send;
      let lost = false;
      WebSocket.prototype.send = function (data) {
        if (!lost && typeof data === 'string' && data.includes(`"${name}"`)) {
          lost = true;
          return;
        }
        send.call(this, data);
      };
    }, event);
  };
}

/** The page's first socket frame carrying `event` takes `ms` longer on the way, as on a slow network. */
function delayFirst(event: string, ms: number): (page: Page) => Promise<void> {
  return async (page) => {
    await page.addInitScript(
      ([name, delay]) => {
        const send = WebSocket.prototype.send;
        let delayed = false;
        WebSocket.prototype.send = function (data) {
          if (!delayed && typeof data === 'string' && data.includes(`"${name}"`)) {
            delayed = true;
            setTimeout(() => send.call(this, data), delay as number);
            return;
          }
          send.call(this, data);
        };
      },
      [event, ms] as const,
    );
  };
}

type Grant = Parameters<typeof env.server.token>[1];
/** Opens `name`'s join page (as participant `id`), on a network shaped by `beforeLoad`. */
async function open(name: string, id: string, grant: Grant, beforeLoad?: (page: Page) => Promise<void>): Promise<Page> {
  return openJoinLink(env.browser, env.server.url, await env.server.token(name, grant, { participantId: id }), name, beforeLoad);
}

describe('a join that fails half-way', () => {
  it('is tried again by itself, and the person is in the session once, seen and heard', async () => {
    const listener = await joinWith(await open('Bilal', 'retry-listener', { role: 'attendee' }), 'Join session');
    // The session accepted the speaker's join, then their microphone's produce request went missing.
    const speaker = await open('Khadija', 'retry-speaker', { role: 'speaker' }, loseFirst('media:produce'));
    await speaker.getByRole('button', { name: 'Join with camera and microphone' }).click();
    // The lost request is given up on after the client's 12 s.
    await speaker.getByText(/Joining failed .*Retrying/).waitFor({ timeout: 30_000 });
    await speaker.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });

    const tile = listener.locator('figure[data-participant="retry-speaker"][data-has-video="true"]');
    await tile.waitFor({ timeout: 20_000 });
    const before = await listener.evaluate(() => window.__multaqa!.receiveStats());
    await expect
      .poll(async () => (await listener.evaluate(() => window.__multaqa!.receiveStats())).audioSamplesReceived, { timeout: 20_000 })
      .toBeGreaterThan(before.audioSamplesReceived + 48_000);
    // Once in the roster, with one microphone and one camera: no ghost of the first attempt.
    await expect.poll(() => listener.getByTestId('participant-count').textContent()).toBe('2 participants');
    const fromSpeaker = await listener.evaluate(() => window.__multaqa!.state().producers.filter((p) => p.participantId === 'retry-speaker').map((p) => p.source).sort());
    expect(fromSpeaker).toEqual(['camera', 'microphone']);
    expect(await speaker.getByText(/Joining failed/).count()).toBe(0);
  });
});

describe('a mute pressed while the microphone is still being published', () => {
  it('holds: the button, the track and what listeners receive all say muted', async () => {
    const listener = await joinWith(await open('Sara', 'early-listener', { role: 'attendee' }), 'Join session');
    const speaker = await open('Omar', 'early-speaker', { role: 'speaker' }, delayFirst('media:produce', 2_000));
    await speaker.getByRole('button', { name: 'Join with camera and microphone' }).click();
    // Pressed as soon as it shows, while the microphone's produce request is still on its way.
    await speaker.getByRole('button', { name: 'Mute microphone' }).click();
    expect(await speaker.locator('main[data-phase="joined"]').count()).toBe(0);
    await speaker.locator('main[data-phase="joined"]').waitFor({ timeout: 20_000 });
    await speaker.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    expect(await speaker.evaluate(() => window.__multaqa!.state().local.microphone?.track.enabled)).toBe(false);
    await expect
      .poll(() => listener.evaluate(() => window.__multaqa!.state().producers.find((p) => p.participantId === 'early-speaker' && p.source === 'microphone')?.paused))
      .toBe(true);
    // And unmuting works as ever.
    await speaker.getByRole('button', { name: 'Unmute microphone' }).click();
    await expect
      .poll(() => listener.evaluate(() => window.__multaqa!.state().producers.find((p) => p.participantId === 'early-speaker' && p.source === 'microphone')?.paused))
      .toBe(false);
  });
});
