import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './testServer.ts';

/** A test server and one headless Chromium for a whole test file, closed after it. */
export function useServerAndBrowser(): { readonly server: TestServer; readonly browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startTestServer();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Opens a join link in a fresh browser context (its own person); page errors are printed.
 * `beforeLoad` runs on the page before it loads (e.g. `skewClock`).
 */
export async function openJoinLink(
  browser: Browser,
  baseUrl: string,
  token: string,
  label = 'page',
  beforeLoad?: (page: Page) => Promise<void>,
  contextOptions: BrowserContextOptions = {},
): Promise<Page> {
  const page = await (await browser.newContext(contextOptions)).newPage();
  page.on('pageerror', (error) => console.error(`${label}: ${error.message}`));
  await beforeLoad?.(page);
  await page.goto(`${baseUrl}/join#token=${token}`);
  return page;
}

/** Clicks the join page's `button` and waits until the session page says it joined. */
export async function joinWith(page: Page, button: string): Promise<Page> {
  await page.getByRole('button', { name: button }).click();
  try {
    await page.locator('main[data-phase="joined"]').waitFor();
  } catch (error) {
    // What the page said instead is what tells a failed run's reader why.
    const main = page.locator('main');
    const said = await main.evaluate((m) => `phase ${m.dataset.phase ?? '?'}: ${(m.textContent ?? '').slice(0, 400)}`).catch(() => 'no page');
    throw new Error(`did not join (${said})`, { cause: error });
  }
  return page;
}

/** Makes the page's clock (`Date.now()`, `new Date()`) run `skewMs` off, like a badly set computer. */
export function skewClock(skewMs: number): (page: Page) => Promise<void> {
  return async (page) => {
    await page.addInitScript((skew) => {
      const RealDate = Date;
      const now = () => RealDate.now() + skew;
      class SkewedDate extends RealDate {
        constructor(...args: ConstructorParameters<DateConstructor> | []) {
          if (args.length === 0) super(now());
          else super(...(args as ConstructorParameters<DateConstructor>));
        }
        static override now = now;
      }
      globalThis.Date = SkewedDate as DateConstructor;
    }, skewMs);
  };
}
