import type { Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';

/** Levels in dB by tone (Hz), from the analyser on a page's mixed output. */
export type Levels = Record<number, number>;

/** What the page hears at each tone, in dB. */
export function levelsAt(page: Page, tones: number[]): Promise<Levels> {
  return page.evaluate((hzs) => Object.fromEntries(hzs.map((hz) => [hz, window.__multaqa!.levelAt(hz)])), tones);
}

/**
 * Waits until what the page hears satisfies `condition` in two readings in a row (a reading
 * taken mid-change can pass by accident); fails with the last levels heard. Returns those levels
 * and how long after `since` (ms since epoch; default: now) the first of the two readings came.
 */
export async function untilHeard(
  page: Page,
  what: string,
  tones: number[],
  condition: (levels: Levels) => boolean,
  { since = Date.now(), timeoutMs = 15_000, everyMs = 250 } = {},
): Promise<{ levels: Levels; afterMs: number }> {
  const deadline = Date.now() + timeoutMs;
  let last: Levels = {};
  let firstAt: number | undefined;
  while (Date.now() < deadline) {
    const readAt = Date.now();
    last = await levelsAt(page, tones);
    if (!condition(last)) firstAt = undefined;
    else if (firstAt === undefined) firstAt = readAt;
    else return { levels: last, afterMs: firstAt - since };
    await page.waitForTimeout(everyMs);
  }
  throw new Error(`${what}: never heard; last levels (dB by Hz): ${JSON.stringify(last)}`);
}

export const loudest = (levels: Levels) => Math.max(...Object.values(levels));

/** `hz` is at least 6 dB louder than every other tone. */
export const dominates = (levels: Levels, hz: number) =>
  Object.entries(levels).every(([other, level]) => Number(other) === hz || levels[hz]! > level + 6);

/**
 * Not heard: 40 dB or more under the loudest tone. Not an absolute floor, because headless
 * Chromium lets a trace (about −55 dB relative) of a silenced remote track into the Web Audio
 * taps of the others.
 */
export const absent = (levels: Levels, hz: number) => levels[hz]! < loudest(levels) - 40;

/** Heard at all: above this, in dB, a tone is present (a silent output reads −100 dB or less). */
export const PRESENT = -75;
