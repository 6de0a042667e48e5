import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type {} from '../../client/src/diagnostics.ts';
import { launchBrowser } from '../support/browser.ts';
import { startCoturn, type Coturn } from '../support/coturn.ts';
import { openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

// Chromium then sends no UDP at all, except through a proxy: a network that blocks UDP. (Debian's
// Chromium 150 ignores the --force-webrtc-ip-handling-policy spelling: no UDP candidate goes away.)
const NO_UDP = '--webrtc-ip-handling-policy=disable_non_proxied_udp';

let speakers: Browser;
let blocked: Browser;
beforeAll(async () => {
  speakers = await launchBrowser();
  blocked = await launchBrowser({ extraArgs: [NO_UDP] });
});
afterAll(async () => {
  await speakers?.close();
  await blocked?.close();
});

const receiveStats = (page: Page) => page.evaluate(() => window.__multaqa!.receiveStats());
const paths = (page: Page) => page.evaluate(() => window.__multaqa!.connectionPaths());

/** A speaker on stage (ordinary network) and a listener behind the UDP block; the listener sees and hears the speaker. */
async function speakerAndBlockedListener(server: TestServer, id: string): Promise<{ speaker: Page; listener: Page }> {
  const speaker = await openJoinLink(speakers, server.url, await server.token('Khadija', { role: 'speaker' }, { participantId: `${id}-speaker` }), 'speaker');
  await speaker.getByRole('meter', { name: 'Microphone level' }).waitFor();
  await speaker.getByRole('button', { name: 'Join with camera and microphone' }).click();
  await speaker.locator('main[data-phase="joined"]').waitFor();

  const listener = await openJoinLink(blocked, server.url, await server.token('Bilal', { role: 'attendee' }, { participantId: `${id}-listener` }), 'listener');
  await listener.getByRole('button', { name: 'Join session' }).click();
  await listener.locator('main[data-phase="joined"]').waitFor();
  await listener.locator(`figure[data-participant="${id}-speaker"][data-has-video="true"]`).waitFor({ timeout: 30_000 });

  const first = await receiveStats(listener);
  await expect.poll(async () => (await receiveStats(listener)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(first.framesDecoded + 30);
  await expect
    .poll(async () => (await receiveStats(listener)).audioSamplesReceived, { timeout: 30_000 })
    .toBeGreaterThan(first.audioSamplesReceived + 48_000);
  return { speaker, listener };
}

describe('a listener whose network blocks UDP', () => {
  it("gets audio and video over the SFU's TCP port", async () => {
    const server = await startTestServer();
    try {
      const { speaker, listener } = await speakerAndBlockedListener(server, 'tcp');
      const { recv } = await paths(listener);
      // Straight to the worker's TCP port (Chromium's side is an active TCP candidate, seen as peer-reflexive).
      expect(recv).toMatchObject({ protocol: 'tcp', remoteProtocol: 'tcp' });
      expect(recv!.candidateType).not.toBe('relay');
      // The same page on an ordinary network takes UDP: the block is what moved the listener to TCP.
      expect((await paths(speaker)).send).toMatchObject({ protocol: 'udp', remoteProtocol: 'udp' });
      await speaker.context().close();
      await listener.context().close();
    } finally {
      await server.close();
    }
  });

  it('gets them through a real coturn (TURN over TCP) when the server makes everyone relay', async () => {
    const secret = 'turn-secret-for-the-browser-test';
    const coturn: Coturn = await startCoturn(secret);
    const server = await startTestServer({ TURN_URLS: coturn.urls.join(','), TURN_SECRET: secret, ICE_TRANSPORT_POLICY: 'relay' });
    try {
      const { speaker, listener } = await speakerAndBlockedListener(server, 'relay');
      expect((await paths(listener)).recv).toMatchObject({ candidateType: 'relay', relayProtocol: 'tcp' });
      // The speaker relays too, over UDP: its network allows that.
      expect((await paths(speaker)).send).toMatchObject({ candidateType: 'relay', relayProtocol: 'udp' });
      await speaker.context().close();
      await listener.context().close();
    } finally {
      await server.close();
      await coturn.stop();
    }
  });
});
