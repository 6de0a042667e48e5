import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { HeldRequests } from '../support/heldRequests.ts';
import { JoinedClients } from '../support/joinedClients.ts';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import type { TestServer } from '../support/testServer.ts';

// A moderator's controls while the server is slow to answer: each shows at once that it is
// working, takes no second click until the answer, and what the page says failed did not happen.
const env = useServerAndBrowser();
const clients = new JoinedClients();
let stoppedWorkers: number[] = [];
let other: ServerProcess;
beforeAll(async () => {
  other = await ServerProcess.start();
});
afterAll(async () => {
  await other?.stop();
});
const opened: Page[] = [];
afterEach(async () => {
  for (const pid of stoppedWorkers.splice(0)) process.kill(pid, 'SIGCONT');
  other?.resume();
  clients.closeAll();
  await Promise.all(opened.splice(0).map((page) => page.context().close().catch(() => undefined)));
});

type Grant = Parameters<TestServer['token']>[1];
async function join(session: string, name: string, id: string, grant: Grant, button: string, held?: (page: Page) => Promise<void>): Promise<Page> {
  const token = await env.server.token(name, grant, { sessionId: session, participantId: id });
  const page = await openJoinLink(env.browser, env.server.url, token, name, held);
  opened.push(page);
  return joinWith(page, button);
}
async function moderatorWithHeldRequests(session: string, id: string): Promise<{ page: Page; held: HeldRequests }> {
  let held!: HeldRequests;
  const page = await join(session, 'Mona', id, { role: 'moderator' }, 'Join to listen only', async (p) => {
    held = await HeldRequests.on(p);
  });
  return { page, held };
}
const queueOf = (page: Page) => page.evaluate(() => window.__multaqa!.state().queue);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('controls while the server is slow to answer', () => {
  it('"Mute when time is up" shows the change at once, takes no second click while it is on its way, and ends as asked', async () => {
    const { page: moderator, held } = await moderatorWithHeldRequests('plenary-1', 'slow-mona');
    const sara = await join('plenary-1', 'Sara', 'slow-sara', { role: 'attendee' }, 'Join session');
    await sara.getByRole('button', { name: 'Raise hand' }).click();
    await moderator.getByRole('button', { name: 'Give the floor to Sara' }).click();
    const muteWhenTimeIsUp = moderator.getByRole('checkbox', { name: 'Mute when time is up' });
    await expect.poll(() => muteWhenTimeIsUp.isChecked()).toBe(false);

    held.hold('floor:setTimeLimit');
    await muteWhenTimeIsUp.click();
    // At once: ticked, and working on it; its neighbours of the same request wait too.
    expect(await muteWhenTimeIsUp.isChecked()).toBe(true);
    expect(await muteWhenTimeIsUp.getAttribute('aria-busy')).toBe('true');
    expect(await moderator.getByRole('button', { name: 'Give one more minute: +1 min' }).getAttribute('aria-disabled')).toBe('true');
    // The second click, the one that used to switch it back: nothing is sent, the box stays as asked.
    await muteWhenTimeIsUp.click({ force: true });
    await muteWhenTimeIsUp.click({ force: true });
    expect(await muteWhenTimeIsUp.isChecked()).toBe(true);
    await sleep(500);
    expect(held.sentCount('floor:setTimeLimit')).toBe(1);
    expect((await queueOf(sara)).current?.onTimeUp).toBe('notify');

    held.release('floor:setTimeLimit');
    await expect.poll(() => muteWhenTimeIsUp.getAttribute('aria-busy')).toBeNull();
    expect(await muteWhenTimeIsUp.isChecked()).toBe(true);
    await expect.poll(async () => (await queueOf(sara)).current?.onTimeUp).toBe('mute');
    expect(held.sentCount('floor:setTimeLimit')).toBe(1);
    // And back, now that nothing is on its way.
    await muteWhenTimeIsUp.click();
    await expect.poll(async () => (await queueOf(sara)).current?.onTimeUp).toBe('notify');
    expect(await muteWhenTimeIsUp.isChecked()).toBe(false);
  });

  it('a removal the page gave up on is not carried out when it reaches the server later, and its error goes once a later action succeeds', async () => {
    const { page: moderator, held } = await moderatorWithHeldRequests('plenary-2', 'late-mona');
    const bilal = await join('plenary-2', 'Bilal', 'late-bilal', { role: 'attendee' }, 'Join session');
    const sara = await join('plenary-2', 'Sara', 'late-sara', { role: 'attendee' }, 'Join session');
    await sara.getByRole('button', { name: 'Raise hand' }).click();
    await bilal.getByRole('button', { name: 'Raise hand' }).click();
    await moderator.getByRole('button', { name: 'Remove Bilal from the queue' }).waitFor();

    // The removal leaves the page and is stuck on the way (a congested uplink).
    held.hold('queue:remove');
    await moderator.getByRole('button', { name: 'Remove Bilal from the queue' }).click();
    expect(await moderator.getByRole('button', { name: 'Remove Bilal from the queue' }).getAttribute('aria-busy')).toBe('true');
    const error = moderator.locator('.moderator-console [role="alert"]');
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toBe('The server did not answer in time');
    expect(await moderator.getByRole('button', { name: 'Remove Bilal from the queue' }).getAttribute('aria-busy')).toBeNull();

    // It arrives after all: what the page said failed does not happen.
    held.release('queue:remove');
    await sleep(1_500);
    expect((await queueOf(moderator)).entries.map((entry) => entry.participantId)).toEqual(['late-sara', 'late-bilal']);
    expect(await bilal.getByTestId('queue-position').textContent()).toMatch(/number 2 in the queue/);

    // The next action that succeeds takes the error away.
    await moderator.getByRole('button', { name: 'Move Bilal to the top' }).click();
    await expect.poll(async () => (await queueOf(moderator)).entries[0]?.participantId).toBe('late-bilal');
    await expect.poll(() => error.count()).toBe(0);
    expect(held.sentCount('queue:remove')).toBe(1);
  });

  it("a moderator whose page's media requests wait on a media worker that stopped answering gives the floor and removes at once, each once", async () => {
    const session = 'plenary-3';
    const sara = await clients.join(env.server.url, 'Sara', { role: 'attendee' }, session, 'busy-sara');
    const bilal = await clients.join(env.server.url, 'Bilal', { role: 'attendee' }, session, 'busy-bilal');
    await sara.client.call('queue:raiseHand', {});
    await bilal.client.call('queue:raiseHand', {});
    // Three cameras on stage (their packets do not matter: the page receives each).
    for (const index of [1, 2, 3]) {
      const speaker = await clients.join(env.server.url, `Speaker ${index}`, { role: 'speaker' }, session, `busy-speaker-${index}`);
      const send = await speaker.client.call('media:createTransport', { direction: 'send' });
      const rtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 9100 + index }] };
      await speaker.client.call('media:produce', { transportId: send.id, kind: 'video', rtpParameters, source: 'camera' });
    }
    const { page: moderator, held } = await moderatorWithHeldRequests(session, 'busy-mona');
    const videosReceived = () => moderator.evaluate(() => window.__multaqa!.state().remote.filter((r) => r.track.kind === 'video').length);
    await expect.poll(videosReceived).toBe(3);
    const audioOnly = moderator.getByRole('checkbox', { name: 'Audio only (no video)' });
    await audioOnly.check();
    await expect.poll(videosReceived).toBe(0);
    // The media worker stops answering: the page's video comes back one camera at a time, and
    // its first consume waits (mediasoup gives a request 15 s).
    const consumesBefore = held.sentCount('media:consume');
    stoppedWorkers = env.server.workers.pids;
    for (const pid of stoppedWorkers) process.kill(pid, 'SIGSTOP');
    await audioOnly.uncheck();
    await expect.poll(() => held.sentCount('media:consume')).toBe(consumesBefore + 1);

    const timed = async (action: () => Promise<unknown>, done: () => Promise<unknown>) => {
      const started = Date.now();
      await action();
      await done();
      return Date.now() - started;
    };
    const given = await timed(
      () => moderator.getByRole('button', { name: 'Give the floor to Sara' }).click(),
      () => sara.client.next('queue:changed', ({ queue }) => queue.current?.participantId === 'busy-sara'),
    );
    const removed = await timed(
      () => moderator.getByRole('button', { name: 'Remove Bilal from the queue' }).click(),
      () => bilal.client.next('queue:changed', ({ queue }) => queue.entries.length === 0),
    );
    console.info(`while the page's media waited: floor given in ${given} ms, Bilal removed in ${removed} ms`);
    expect(given).toBeLessThan(2_000);
    expect(removed).toBeLessThan(2_000);
    // Each once, and no error said about any of them.
    for (const event of ['floor:give', 'queue:remove']) expect(held.sentCount(event), event).toBe(1);
    expect(await moderator.locator('.moderator-console [role="alert"]').count()).toBe(0);
  });

  it('a recording starts at once while another process with microphones on stage stopped answering, and stops', async () => {
    const session = 'plenary-4';
    for (const index of [1, 2]) {
      const speaker = await clients.join(other.url, `Speaker ${index}`, { role: 'speaker' }, session, `far-speaker-${index}`);
      const send = await speaker.client.call('media:createTransport', { direction: 'send' });
      const rtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 9200 + index }] };
      await speaker.client.call('media:produce', { transportId: send.id, kind: 'audio', rtpParameters, source: 'microphone' });
    }
    // It stops answering before anything of it was brought to this process.
    other.pause();
    const { page: moderator, held } = await moderatorWithHeldRequests(session, 'far-mona');
    const started = Date.now();
    await moderator.getByRole('button', { name: 'Start recording' }).click();
    await moderator.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 10_000 });
    const startMs = Date.now() - started;
    console.info(`recording started in ${startMs} ms while the process of both microphones did not answer`);
    expect(startMs).toBeLessThan(4_000);
    expect(held.sentCount('recording:start')).toBe(1);
    expect(await moderator.locator('.moderator-console [role="alert"]').count()).toBe(0);

    other.resume();
    await moderator.getByRole('button', { name: 'Stop recording' }).click();
    await moderator.getByRole('button', { name: 'Yes, stop recording' }).click();
    await moderator.getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 30_000 });
    expect(held.sentCount('recording:stop')).toBe(1);
  });
});
