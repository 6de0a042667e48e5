import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import type { RoleGrant } from '@multaqa/shared';
import { launchBrowser } from '../support/browser.ts';
import { beepDelays, watchedEvents, watchFlashesAndBeeps } from '../support/avSync.ts';
import { percentile } from '../support/stats.ts';

export type MouthToEar = {
  floorToBooth: { samples: number; p50: number; p99: number };
  boothToListener: { samples: number; p50: number; p99: number };
  /** Mean time an audio sample spends in the receiving browser's jitter buffer. */
  jitterBuffer: { booth: number; listener: number };
};

/** A beep every half second (50 ms of 1 kHz), as a fake microphone plays it. */
function beepTrain(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'multaqa-beeps-')), 'beeps.wav');
  const result = spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', file, 'synth', '0.05', 'sine', '1000', 'vol', '0.5', 'pad', '0', '0.45']);
  if (result.error || result.status !== 0) throw new Error(`sox could not make the beeps: ${result.error?.message ?? String(result.stderr)}`);
  return file;
}

/** A page for functions tsx compiled (esbuild names them with a `__name` helper the page lacks). */
async function newPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript({ content: 'window.__name = (target) => target;' });
  return page;
}

async function joined(browser: Browser, url: string, token: string, button: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${url}/join#token=${token}`);
  await page.getByRole('button', { name: button }).click();
  await page.locator('main[data-phase="joined"]').waitFor();
  return page;
}

async function jitterBufferMs(page: Page): Promise<number> {
  const stats = await page.evaluate(() => window.__multaqa!.receiveStats());
  return stats.audioJitterBufferEmitted ? (1000 * stats.audioJitterBufferDelay) / stats.audioJitterBufferEmitted : Number.NaN;
}

/**
 * Mouth to ear on loopback, in real Chromium: a speaker's fake microphone beeps twice a second;
 * the beep's onset is timed where the speaker's browser captures it and where the interpreter's
 * browser plays it (floor → booth); the interpreter, on air, beeps too and a listener on the
 * channel times it (booth → listener). Epoch times, all browsers on one machine.
 */
export async function mouthToEar({ url, secret, sessionId, seconds }: { url: string; secret: string; sessionId: string; seconds: number }): Promise<MouthToEar> {
  const beeps = beepTrain();
  const speakerBrowser = await launchBrowser({ fakeAudioFile: beeps, extraArgs: ['--mute-audio'] });
  const boothBrowser = await launchBrowser({ fakeAudioFile: beeps, extraArgs: ['--mute-audio'] });
  const listenerBrowser = await launchBrowser({ extraArgs: ['--mute-audio'] });
  try {
    const token = (name: string, grant: RoleGrant) => issueJoinToken(secret, { name, grant, sessionId, participantId: `m2e-${name.toLowerCase()}` });
    const speaker = await newPage(speakerBrowser);
    await speaker.goto(`${url}/join#token=${await token('Khadija', { role: 'speaker' })}`);
    await speaker.getByRole('radio', { name: 'Headset or studio microphone' }).check();
    await speaker.getByRole('button', { name: 'Join with camera and microphone' }).click();
    await speaker.locator('main[data-phase="joined"]').waitFor();
    const booth = await joined(boothBrowser, url, await token('Amal', { role: 'interpreter', language: 'fr' }), 'Join with microphone');
    await booth.getByRole('button', { name: 'Go on air' }).click();
    const listener = await joined(listenerBrowser, url, await token('Sara', { role: 'attendee' }), 'Join session');
    await listener.getByRole('combobox', { name: 'Listening language' }).selectOption('fr');
    await booth.locator('audio[data-participant="m2e-khadija"]').waitFor({ state: 'attached' });
    await listener.locator('audio[data-participant="m2e-amal"]').waitFor({ state: 'attached' });
    await listener.waitForTimeout(2_000);

    await watchFlashesAndBeeps(speaker, 'own', { video: false });
    await watchFlashesAndBeeps(booth, 'm2e-khadija', { video: false });
    await watchFlashesAndBeeps(booth, 'own', { video: false });
    await watchFlashesAndBeeps(listener, 'm2e-amal', { video: false });
    await listener.waitForTimeout(seconds * 1000);

    const summary = (delays: number[]) => ({ samples: delays.length, p50: percentile(delays, 50), p99: percentile(delays, 99) });
    return {
      floorToBooth: summary(beepDelays((await watchedEvents(speaker, 'own')).beeps, (await watchedEvents(booth, 'm2e-khadija')).beeps, 450)),
      boothToListener: summary(beepDelays((await watchedEvents(booth, 'own')).beeps, (await watchedEvents(listener, 'm2e-amal')).beeps, 450)),
      jitterBuffer: { booth: await jitterBufferMs(booth), listener: await jitterBufferMs(listener) },
    };
  } finally {
    await Promise.all([speakerBrowser, boothBrowser, listenerBrowser].map((browser) => browser.close()));
  }
}
