import type { Locator, Page } from 'playwright-core';

/** Where a control lies, and why it is not in sight without scrolling (empty: it is). */
export type Placement = { control: string; box: { x: number; y: number; width: number; height: number }; problems: string[] };

/**
 * Puts every scroll position back to the top, as a page looks when it opens: an action's
 * scroll-into-view must not hide a control that is below the fold.
 */
export async function scrollEverythingToTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('*'))) if (element.scrollTop !== 0 || element.scrollLeft !== 0) element.scrollTo(0, 0);
  });
}

/**
 * Whether `control` is seen in the first viewport: its whole bounding box inside the window, and
 * its centre really showing it (not clipped by a scrolling panel, nor covered by something else).
 */
export async function placementOf(control: string, locator: Locator): Promise<Placement> {
  await locator.waitFor({ state: 'visible' });
  return locator.evaluate((element, name) => {
    const rect = element.getBoundingClientRect();
    const problems: string[] = [];
    const { innerWidth, innerHeight } = window;
    if (rect.width === 0 || rect.height === 0) problems.push('has no size');
    if (rect.top < 0 || rect.left < 0) problems.push('starts above or left of the window');
    if (rect.bottom > innerHeight + 0.5) problems.push(`ends ${Math.round(rect.bottom - innerHeight)} px below the fold`);
    if (rect.right > innerWidth + 0.5) problems.push(`ends ${Math.round(rect.right - innerWidth)} px right of the window`);
    const x = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (!hit || !element.contains(hit)) {
      problems.push(`its centre shows ${hit ? hit.tagName.toLowerCase() + (hit.className ? '.' + String(hit.className).split(' ').join('.') : '') : 'nothing'} instead`);
    }
    return { control: name, box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height }, problems };
  }, control);
}

/** Every control that is not in sight without scrolling, with why; and whether the page itself scrolls. */
export async function outOfSight(page: Page, controls: Record<string, Locator>): Promise<string[]> {
  await scrollEverythingToTop(page);
  const found: string[] = [];
  for (const [name, locator] of Object.entries(controls)) {
    const placement = await placementOf(name, locator);
    if (placement.problems.length > 0) found.push(`${name}: ${placement.problems.join('; ')}`);
  }
  const scrolls = await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1);
  if (scrolls) found.push('the page itself scrolls');
  return found;
}
