import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import type { RoleGrant } from '@multaqa/shared';
import { launchBrowser } from '../support/browser.ts';
import { CuttableProxy, proxyArgs } from '../support/cuttableProxy.ts';
import { absent, dominates, levelsAt, untilHeard, type Levels } from '../support/hearing.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { makeTone } from '../support/tones.ts';

// A real network drop. The interpreter's and the listener's browsers each reach the server only
// through a proxy of their own (CuttableProxy: page, WebSocket, and the WebRTC media over TCP,
// UDP being off); cutting it tears down every connection on both sides and refuses new ones, as
// a network that goes does; a silent cut carries nothing and tells nobody. (Chromium's offline
// emulation, used before, closes neither the WebSocket nor the media path reliably.) The last
// test shows the cut is real: with the page's reconnecting switched off, the same cut leaves the
// person out.
//
// Run once with the reconnecting switched off ({ reconnection: false }) in the first two tests,
// both failed at the restore: "her page never joined again: not within 20000 ms" and "his page
// never joined again: not within 20000 ms". With setOffline(true) in place of the cut, the first
// failed at "expected 0 to be greater than 0": the page never tried the network while "offline".
// The silent cut failed with Socket.IO's default heartbeat (25 s + 20 s): "the server never saw
// her go: not within 15000 ms" (socketServer.ts now pings every 5 s, answered within 5 s).

const FLOOR = 440;
const VOICE = 940;
/** Shorter than the server's grace period for a dropped interpreter (PROCESS_GRACE_SECONDS, 15 s by default). */
const CUT_MS = 4_000;

let server: TestServer;
let proxies: Record<'interpreter' | 'listener', CuttableProxy>;
let browsers: Record<'floor' | 'interpreter' | 'listener', Browser>;
/** Each test's people, who leave when it ends (also one that failed); not the floor speaker. */
const opened: Page[] = [];

beforeAll(async () => {
  server = await startTestServer();
  proxies = { interpreter: await CuttableProxy.start(), listener: await CuttableProxy.start() };
  // One fake microphone per browser process: the floor and the interpreter each have their own tone.
  browsers = {
    floor: await launchBrowser({ fakeAudioFile: makeTone(FLOOR), extraArgs: ['--mute-audio'] }),
    interpreter: await launchBrowser({ fakeAudioFile: makeTone(VOICE), extraArgs: ['--mute-audio', ...proxyArgs(proxies.interpreter)] }),
    listener: await launchBrowser({ extraArgs: proxyArgs(proxies.listener) }),
  };
  // The floor speaker, on an ordinary network, for the whole file.
  await join(browsers.floor, 'Khadija', { role: 'speaker' }, 'Join with camera and microphone');
  opened.splice(0);
});
afterAll(async () => {
  await Promise.all(Object.values(browsers ?? {}).map((browser) => browser.close()));
  await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.close()));
  await server?.close();
});
afterEach(async () => {
  for (const proxy of Object.values(proxies)) proxy.restore();
  await Promise.all(opened.splice(0).map((page) => page.context().close().catch(() => undefined)));
});

async function join(browser: Browser, name: string, grant: RoleGrant, button: string, { reconnection = true } = {}): Promise<Page> {
  const token = await server.token(name, grant, { participantId: `nd-${name.toLowerCase()}` });
  const switchOff = reconnection
    ? undefined
    : async (page: Page) => {
        await page.addInitScript(() => (window.__multaqaTest = { reconnection: false }));
      };
  const page = await openJoinLink(browser, server.url, token, name, switchOff);
  opened.push(page);
  return joinWith(page, button);
}

async function interpreterOnAir(name: string, language: string, options?: { reconnection?: boolean }): Promise<Page> {
  const page = await join(browsers.interpreter, name, { role: 'interpreter', language }, 'Join with microphone', options);
  await page.getByRole('slider', { name: 'Headphone volume' }).fill('0');
  await page.getByRole('button', { name: 'Go on air' }).click();
  await page.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();
  return page;
}

async function listenerOf(name: string, language: string, options?: { reconnection?: boolean }): Promise<Page> {
  const page = await join(browsers.listener, name, { role: 'attendee' }, 'Join session', options);
  await page.getByRole('combobox', { name: 'Listening language' }).selectOption(language);
  return page;
}

const phaseOf = (page: Page) => page.evaluate(() => window.__multaqa!.state().phase);
const stateOf = (page: Page) => page.evaluate(() => window.__multaqa!.state());
const boothOf = async (page: Page, language: string) => (await stateOf(page)).booths.find((booth) => booth.language === language);
const samplesReceived = async (page: Page) => (await page.evaluate(() => window.__multaqa!.receiveStats())).audioSamplesReceived;
const hears = (page: Page, what: string, condition: (levels: Levels) => boolean, options?: { since?: number; timeoutMs?: number }) =>
  untilHeard(page, what, [FLOOR, VOICE], condition, { timeoutMs: 20_000, ...options });

/** Milliseconds from `since` until `condition` holds (checked every 50 ms); fails after `timeoutMs`. */
async function msUntil(since: number, what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** The page's page loads, WebSocket and media all went through `proxy`, and its media is TCP (the proxy's way). */
async function expectOnlyThrough(page: Page, proxy: CuttableProxy): Promise<void> {
  const { send, recv } = await page.evaluate(() => window.__multaqa!.connectionPaths());
  const path = send ?? recv;
  expect(path).toMatchObject({ protocol: 'tcp' });
  const serverHost = new URL(server.url).host;
  expect(proxy.destinations.get(serverHost)).toBeGreaterThan(0);
  expect(proxy.destinations.get(`127.0.0.1:${path!.remotePort}`)).toBeGreaterThan(0);
}

/** Waits out what is left of the cut. */
const rest = (cutAt: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, CUT_MS - (Date.now() - cutAt))));

describe('a real network drop', () => {
  it('an interpreter on air whose network is cut for a few seconds is back on air by herself, and her listener hears her again', async () => {
    const amina = await interpreterOnAir('Amina', 'fr');
    const bilal = await listenerOf('Bilal', 'fr');
    await hears(bilal, 'the listener, French before the cut', (l) => dominates(l, VOICE));
    await expectOnlyThrough(amina, proxies.interpreter);
    const aminaInBooth = async () => (await boothOf(bilal, 'fr'))?.interpreters.find((i) => i.id === 'nd-amina');

    const cutAt = Date.now();
    proxies.interpreter.cut();
    const pageNoticed = await msUntil(cutAt, 'her page never saw the connection go', async () => (await phaseOf(amina)) === 'reconnecting');
    // The server saw her go: the booth shows her away (still on air, her place kept).
    const serverNoticed = await msUntil(cutAt, 'the server never saw her go', async () => (await aminaInBooth())?.away === true, 10_000);
    expect((await boothOf(bilal, 'fr'))?.onAir).toBe('nd-amina');
    // While she is away her listener hears the floor in full (not ducked under a silent channel), and is told why.
    await bilal.getByTestId('no-interpretation').waitFor({ timeout: 5_000 });
    const floorInFull = (await hears(bilal, 'the listener, the floor while she is away', (l) => dominates(l, FLOOR) && absent(l, VOICE))).levels[FLOOR]!;
    await rest(cutAt);
    // Her page tried to come back and could not: the cut holds.
    expect(await phaseOf(amina)).toBe('reconnecting');
    expect(proxies.interpreter.refused).toBeGreaterThan(0);
    expect((await aminaInBooth())?.away).toBe(true);

    const restoredAt = Date.now();
    proxies.interpreter.restore();
    const rejoined = await msUntil(restoredAt, 'her page never joined again', async () => (await phaseOf(amina)) === 'joined');
    const backInBooth = await msUntil(restoredAt, 'the booth never showed her back', async () => {
      const booth = await boothOf(bilal, 'fr');
      return booth?.onAir === 'nd-amina' && booth.interpreters.some((i) => i.id === 'nd-amina' && !i.away);
    });
    const heardAgain = await hears(bilal, 'the listener, French after the cut', (l) => dominates(l, VOICE), { since: restoredAt });
    await bilal.getByTestId('no-interpretation').waitFor({ state: 'detached' });
    // The floor is back under her voice, at the listener's floor level (−15 dB by default): it was
    // in full while she was away. (Compared late: each voice's loudness normalisation moves in its first seconds.)
    const floorUnder = heardAgain.levels[FLOOR]!;
    expect(floorInFull - floorUnder, `the floor: ${floorInFull} dB while she was away, ${floorUnder} dB under her voice`).toBeGreaterThan(8);
    await amina.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();
    await expectOnlyThrough(amina, proxies.interpreter);
    console.info(
      `interpreter cut: her page noticed after ${pageNoticed} ms, the server (booth: away) after ${serverNoticed} ms; ` +
        `restored: joined again after ${rejoined} ms, back in the booth after ${backInBooth} ms, heard again after ${heardAgain.afterMs} ms`,
    );
  }, 90_000);

  it('a listener whose network is cut for a few seconds hears the channel again by himself, with his language and hand kept', async () => {
    const nadia = await interpreterOnAir('Nadia', 'es');
    const sami = await listenerOf('Sami', 'es');
    await sami.getByRole('textbox', { name: 'Topic (optional)' }).fill('water rights');
    await sami.getByRole('button', { name: 'Raise hand' }).click();
    await sami.getByTestId('queue-position').waitFor();
    await hears(sami, 'the listener, Spanish before the cut', (l) => dominates(l, VOICE));
    await expectOnlyThrough(sami, proxies.listener);
    await expect.poll(async () => (await stateOf(nadia)).listenerCounts.channels.es).toBe(1);

    const cutAt = Date.now();
    proxies.listener.cut();
    const pageNoticed = await msUntil(cutAt, 'his page never saw the connection go', async () => (await phaseOf(sami)) === 'reconnecting');
    // The server saw him go: the channel's listener count drops, and his hand is marked absent.
    const serverNoticed = await msUntil(cutAt, 'the server never saw him go', async () => {
      const state = await stateOf(nadia);
      return state.listenerCounts.channels.es === 0 && state.queueAbsent.includes('nd-sami');
    });
    // Nothing reaches him while cut.
    const samplesAtCut = await samplesReceived(sami);
    await rest(cutAt);
    expect(await samplesReceived(sami)).toBe(samplesAtCut);
    expect(await phaseOf(sami)).toBe('reconnecting');
    expect(proxies.listener.refused).toBeGreaterThan(0);

    const restoredAt = Date.now();
    proxies.listener.restore();
    const rejoined = await msUntil(restoredAt, 'his page never joined again', async () => (await phaseOf(sami)) === 'joined');
    const heardAgain = await hears(sami, 'the listener, Spanish after the cut', (l) => dominates(l, VOICE), { since: restoredAt });
    // His language and his hand (with its topic) are as he left them, and the others see him back.
    expect(await sami.getByRole('combobox', { name: 'Listening language' }).inputValue()).toBe('es');
    await sami.getByTestId('queue-position').waitFor();
    expect((await stateOf(sami)).queue.entries.find((entry) => entry.participantId === 'nd-sami')?.topic).toBe('water rights');
    await expect.poll(async () => (await stateOf(nadia)).listenerCounts.channels.es).toBe(1);
    await expect.poll(async () => (await stateOf(nadia)).queueAbsent).not.toContain('nd-sami');
    await expectOnlyThrough(sami, proxies.listener);
    console.info(
      `listener cut: his page noticed after ${pageNoticed} ms, the server (count, hand absent) after ${serverNoticed} ms; ` +
        `restored: joined again after ${rejoined} ms, heard again after ${heardAgain.afterMs} ms`,
    );
  }, 90_000);

  it('an interpreter on air whose network silently stops carrying anything is seen gone within seconds, and is back on air by herself once it carries again', async () => {
    // No reset reaches either end (a dead router, a lost NAT mapping): only the connection's heartbeat can tell.
    const rania = await interpreterOnAir('Rania', 'ur');
    const yara = await listenerOf('Yara', 'ur');
    await hears(yara, 'the listener, Urdu before the cut', (l) => dominates(l, VOICE));
    const raniaInBooth = async () => (await boothOf(yara, 'ur'))?.interpreters.find((i) => i.id === 'nd-rania');

    const cutAt = Date.now();
    proxies.interpreter.cut({ silently: true });
    const serverNoticed = await msUntil(cutAt, 'the server never saw her go', async () => (await raniaInBooth())?.away === true, 15_000);
    const pageNoticed = await msUntil(cutAt, 'her page never saw the connection go', async () => (await phaseOf(rania)) === 'reconnecting', 15_000);
    await yara.getByTestId('no-interpretation').waitFor({ timeout: 5_000 });
    await hears(yara, 'the listener, the floor while she is away', (l) => dominates(l, FLOOR) && absent(l, VOICE));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await phaseOf(rania)).toBe('reconnecting');

    const restoredAt = Date.now();
    proxies.interpreter.restore();
    const rejoined = await msUntil(restoredAt, 'her page never joined again', async () => (await phaseOf(rania)) === 'joined');
    await msUntil(restoredAt, 'the booth never showed her back', async () => {
      const booth = await boothOf(yara, 'ur');
      return booth?.onAir === 'nd-rania' && booth.interpreters.some((i) => i.id === 'nd-rania' && !i.away);
    });
    const heardAgain = await hears(yara, 'the listener, Urdu after the cut', (l) => dominates(l, VOICE), { since: restoredAt });
    await rania.getByRole('button', { name: 'ON AIR — go off air' }).waitFor();
    console.info(
      `interpreter cut silently: the server (booth: away) noticed after ${serverNoticed} ms, her page after ${pageNoticed} ms; ` +
        `restored after ${restoredAt - cutAt} ms: joined again after ${rejoined} ms, heard again after ${heardAgain.afterMs} ms`,
    );
  }, 90_000);

  it('with the page\'s reconnecting switched off, the same cut leaves the interpreter and the listener out: the cut is real', async () => {
    const omar = await interpreterOnAir('Omar', 'tr', { reconnection: false });
    const lina = await listenerOf('Lina', 'tr', { reconnection: false });
    await hears(lina, 'the listener, Turkish before the cut', (l) => dominates(l, VOICE));

    // The interpreter's network goes and comes back: he stays out, his listener does not hear him.
    let cutAt = Date.now();
    proxies.interpreter.cut();
    await msUntil(cutAt, 'the server never saw him go', async () => (await boothOf(lina, 'tr'))?.interpreters.find((i) => i.id === 'nd-omar')?.away === true, 10_000);
    await rest(cutAt);
    proxies.interpreter.restore();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await phaseOf(omar)).toBe('reconnecting');
    expect((await boothOf(lina, 'tr'))?.interpreters.find((i) => i.id === 'nd-omar')?.away).toBe(true);
    const levels = await levelsAt(lina, [FLOOR, VOICE]);
    expect(absent(levels, VOICE), JSON.stringify(levels)).toBe(true);

    // The listener's network goes and comes back: he stays out, nothing reaches him.
    cutAt = Date.now();
    proxies.listener.cut();
    await msUntil(cutAt, 'his page never saw the connection go', async () => (await phaseOf(lina)) === 'reconnecting');
    await rest(cutAt);
    proxies.listener.restore();
    const samples = await samplesReceived(lina);
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await phaseOf(lina)).toBe('reconnecting');
    expect(await samplesReceived(lina)).toBe(samples);
  }, 90_000);
});
