import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { joinWith, openJoinLink } from '../support/sessionPage.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { makeSteppedTone, makeTone } from '../support/tones.ts';
import { freePortPair, LossyRelay } from '../support/lossyRelay.ts';

// ISO 20108: what interpreters hear passes 125 Hz – 15 kHz. The speaker's fake microphone plays
// these steps in a loop, all at one level; the interpreter's page measures each step.
const STEPS = [125, 250, 500, 1000, 2000, 4000, 8000, 12_000, 15_000];
const SESSION = 'plenary-2';

let server: TestServer;
let speakerBrowser: Browser;
let boothBrowser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  speakerBrowser = await launchBrowser({ fakeAudioFile: makeSteppedTone(STEPS), extraArgs: ['--mute-audio'] });
  boothBrowser = await launchBrowser();
});
afterAll(async () => {
  await speakerBrowser?.close();
  await boothBrowser?.close();
  await server?.close();
});

type Grant = Parameters<TestServer['token']>[1];
const open = async (browser: Browser, name: string, grant: Grant, on = server) =>
  openJoinLink(browser, on.url, await on.token(name, grant, { sessionId: SESSION, participantId: `sound-${name.toLowerCase()}` }), name);

/**
 * The loudest each step arrived over `ms` (the steps loop, so each is heard whole several times),
 * measured on the track as received, before this page's loudness normalisation: the passband of
 * the way from the speaker's microphone to the booth. Energy within ±30 Hz of each step.
 */
const loudestPerStep = (page: Page, participantId: string, ms: number) =>
  page.evaluate(
    async ({ steps, ms, participantId }) => {
      const track = window.__multaqa!.state().remote.find((r) => r.participantId === participantId && r.track.kind === 'audio')?.track;
      if (!track) throw new Error(`no audio of ${participantId}`);
      const context = new AudioContext();
      await context.resume();
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      const bins = new Float32Array(analyser.frequencyBinCount);
      const binHz = context.sampleRate / analyser.fftSize;
      const loudest: Record<number, number> = {};
      const end = performance.now() + ms;
      while (performance.now() < end) {
        analyser.getFloatFrequencyData(bins);
        for (const hz of steps) {
          let power = 0;
          for (let bin = Math.ceil((hz - 30) / binHz); bin <= Math.floor((hz + 30) / binHz); bin++) power += 10 ** (bins[bin]! / 10);
          loudest[hz] = Math.max(loudest[hz] ?? -Infinity, 10 * Math.log10(power));
        }
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      void context.close();
      return loudest;
    },
    { steps: STEPS, ms, participantId },
  );

/** The microphone's payload bitrate over `ms`, from the speaker's own outbound-rtp statistics. */
async function microphoneBitrate(page: Page, ms: number): Promise<{ measured: number; target: number | undefined }> {
  const read = () => page.evaluate(async () => (await window.__multaqa!.sendStats()).microphone);
  const first = await read();
  await page.waitForTimeout(ms);
  const second = await read();
  if (!first || !second) throw new Error('the speaker sends no microphone');
  return { measured: ((second.bytesSent - first.bytesSent) * 8 * 1000) / (second.timestamp - first.timestamp), target: second.targetBitrate };
}

describe('what interpreters hear of a speaker', () => {
  it('a speaker in studio mode reaches the booth with 125 Hz – 15 kHz within ±1 dB of 1 kHz, at 64 kbit/s', async () => {
    const speaker = await open(speakerBrowser, 'Khadija', { role: 'speaker' });
    // The choice and what it means are on the device check; it is remembered for next time.
    await speaker.getByRole('radio', { name: 'Headset or studio microphone' }).check();
    await expect.poll(() => speaker.getByTestId('sound-profile-hint').textContent()).toMatch(/as your microphone hears it/);
    await speaker.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await joinWith(speaker, 'Join with camera and microphone');
    const settings = await speaker.evaluate(() => window.__multaqa!.state().local.microphone?.track.getSettings());
    expect(settings).toMatchObject({ echoCancellation: false, noiseSuppression: false, autoGainControl: false });

    const interpreter = await joinWith(await open(boothBrowser, 'Amal', { role: 'interpreter', language: 'fr' }), 'Join with microphone');
    await interpreter.locator('audio[data-participant="sound-khadija"]').waitFor({ state: 'attached' });
    await interpreter.waitForTimeout(2000); // the jitter buffer settles, the encoder reaches its rate

    const heard = await loudestPerStep(interpreter, 'sound-khadija', 2 * STEPS.length * 800 + 1000);
    const reference = heard[1000]!;
    expect(reference, `1 kHz heard at ${reference.toFixed(1)} dB`).toBeGreaterThan(-60);
    const deviations = Object.fromEntries(STEPS.map((hz) => [hz, Math.round((heard[hz]! - reference) * 10) / 10]));
    const bitrate = await microphoneBitrate(speaker, 4000);
    console.info(`passband at the booth (dB against 1 kHz): ${JSON.stringify(deviations)}; microphone bitrate ${JSON.stringify(bitrate)}`);
    for (const hz of STEPS) expect(Math.abs(deviations[hz]!), `${hz} Hz vs 1 kHz (dB): ${JSON.stringify(deviations)}`).toBeLessThanOrEqual(1);

    expect(bitrate.target ?? bitrate.measured, JSON.stringify(bitrate)).toBeGreaterThanOrEqual(60_000);
    expect(bitrate.measured, JSON.stringify(bitrate)).toBeGreaterThanOrEqual(50_000);

    // Remembered: the next device check starts in studio mode.
    const again = await speaker.context().newPage();
    await again.goto(`${server.url}/join#token=${await server.token('Khadija', { role: 'speaker' }, { sessionId: SESSION, participantId: 'sound-khadija-2' })}`);
    expect(await again.getByRole('radio', { name: 'Headset or studio microphone' }).isChecked()).toBe(true);
    for (const page of [speaker, interpreter]) await page.context().close();
  }, 90_000);
});

describe('a speaker whose packets are lost on the way', () => {
  let lossy: TestServer;
  let relay: LossyRelay;
  beforeAll(async () => {
    // The SFU listens on 127.0.0.1 and tells browsers 127.0.0.2, where the relay is.
    const port = await freePortPair();
    relay = await LossyRelay.start('127.0.0.2', '127.0.0.1', port);
    lossy = await startTestServer({ RTC_PORT: String(port), RTC_ANNOUNCED_IP: '127.0.0.2' });
  });
  afterAll(async () => {
    relay?.close();
    await lossy?.close();
  });

  it('raises "poor sound" in the booth console and for the moderator within 5 s, and clears it after recovery', async () => {
    const speaker = await joinWith(await open(speakerBrowser, 'Khadija', { role: 'speaker' }, lossy), 'Join with camera and microphone');
    const interpreter = await joinWith(await open(boothBrowser, 'Amal', { role: 'interpreter', language: 'fr' }, lossy), 'Join with microphone');
    const moderator = await joinWith(await open(boothBrowser, 'Yusuf', { role: 'moderator' }, lossy), 'Join to listen only');
    // While the sound is clean, the booth sees a quiet "good" line for the speaker.
    await expect.poll(() => interpreter.getByTestId('floor-sound').textContent(), { timeout: 15_000 }).toMatch(/^Floor sound: Khadija: (good, \u2212\d+ dB, 0% loss|not speaking now)$/);
    expect(relay.forwarded).toBeGreaterThan(100);

    relay.lossRate = 0.12;
    const lossFrom = Date.now();
    const warning = interpreter.getByTestId('floor-sound-warning');
    await warning.waitFor({ timeout: 5_000 });
    const raisedAfterMs = Date.now() - lossFrom;
    expect(raisedAfterMs).toBeLessThan(5_000);
    expect(await warning.textContent()).toMatch(/^Poor sound from Khadija: packet loss \d+%/);
    expect(await warning.getAttribute('role')).toBe('alert');
    await moderator.getByTestId('floor-sound-warning').waitFor({ timeout: 10_000 });
    expect(await moderator.getByTestId('floor-sound-warning').textContent()).toMatch(/^Poor sound from Khadija: packet loss/);
    expect(relay.dropped).toBeGreaterThan(10);
    // The speaker is told too, with what to do about it.
    const own = speaker.getByTestId('own-sound-warning');
    await own.waitFor({ timeout: 5_000 });
    expect(await own.textContent()).toMatch(/^The interpreters hear you poorly — packet loss \d+%.*use a cable/);

    relay.lossRate = 0;
    const recoveredFrom = Date.now();
    await warning.waitFor({ state: 'detached', timeout: 15_000 });
    console.log('poor-sound warning (ms):', { raisedAfter: raisedAfterMs, clearedAfter: Date.now() - recoveredFrom });
    await moderator.getByTestId('floor-sound-warning').waitFor({ state: 'detached', timeout: 10_000 });
    await own.waitFor({ state: 'detached', timeout: 10_000 });
    // Not poor any more: good, between words (a level the server has not judged yet: "checking"), or a pause.
    expect(await interpreter.getByTestId('floor-sound').textContent()).toMatch(/^Floor sound: Khadija: (good|checking|not speaking now)/);
    // Attendees are not told (it is the booths' and the chair's business).
    const attendee = await joinWith(await open(boothBrowser, 'Sara', { role: 'attendee' }, lossy), 'Join session');
    await attendee.waitForTimeout(1500);
    expect(await attendee.evaluate(() => Object.keys(window.__multaqa!.state().floorSound).length)).toBe(0);
    for (const page of [speaker, interpreter, moderator, attendee]) await page.context().close();
  }, 90_000);
});

describe('one loudness for the listener', () => {
  // Two speakers in studio mode (no gain control evens them out), 12 dB apart on either side of
  // the target: a 440 Hz tone at −15.7 LUFS and a 660 Hz tone at −27.8 LUFS (to be lifted).
  const LOUD = 440;
  const QUIET = 660;
  let loudBrowser: Browser;
  let quietBrowser: Browser;
  beforeAll(async () => {
    loudBrowser = await launchBrowser({ fakeAudioFile: makeTone(LOUD, undefined, 0.25), extraArgs: ['--mute-audio'] });
    quietBrowser = await launchBrowser({ fakeAudioFile: makeTone(QUIET, undefined, 0.0625), extraArgs: ['--mute-audio'] });
  });
  afterAll(async () => {
    await loudBrowser?.close();
    await quietBrowser?.close();
  });

  const studioSpeaker = async (browser: Browser, name: string) => {
    const page = await open(browser, name, { role: 'speaker' });
    await page.getByRole('radio', { name: 'Headset or studio microphone' }).check();
    return joinWith(page, 'Join with camera and microphone');
  };
  /** The median of what the listener hears near `hz` over two seconds (dB). */
  const heardLevel = (page: Page, hz: number) =>
    page.evaluate(async (hz) => {
      const readings: number[] = [];
      for (let i = 0; i < 20; i++) {
        readings.push(window.__multaqa!.bandLevelAt(hz));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return readings.sort((a, b) => a - b)[10]!;
    }, hz);
  const normalisationOf = async (page: Page, participantId: string) =>
    Number(await page.locator(`audio[data-participant="${participantId}"]`).getAttribute('data-normalisation'));

  it('plays two speakers 12 dB apart within 3 LU of each other when the floor passes from one to the other', async () => {
    const loud = await studioSpeaker(loudBrowser, 'Khadija');
    const quiet = await studioSpeaker(quietBrowser, 'Omar');
    await quiet.getByRole('button', { name: 'Mute microphone' }).click();
    const listener = await joinWith(await open(boothBrowser, 'Sara', { role: 'attendee' }), 'Join session');
    await listener.locator('audio[data-participant="sound-omar"]').waitFor({ state: 'attached' });

    await listener.waitForTimeout(5_000);
    const loudHeard = await heardLevel(listener, LOUD);
    const loudGain = await normalisationOf(listener, 'sound-khadija');
    await loud.getByRole('button', { name: 'Mute microphone' }).click();
    await quiet.getByRole('button', { name: 'Unmute microphone' }).click();
    await listener.waitForTimeout(5_000);
    const quietHeard = await heardLevel(listener, QUIET);

    const gains = { loud: loudGain, quiet: await normalisationOf(listener, 'sound-omar') };
    const report = JSON.stringify({ loudHeard, quietHeard, gains });
    expect(loudHeard, report).toBeGreaterThan(-70);
    expect(Math.abs(loudHeard - quietHeard), report).toBeLessThanOrEqual(3);
    // It is the normalisation that evened them out: each was played at its own gain, the loud one
    // turned down about 12 dB more than the quiet one.
    expect(20 * Math.log10(gains.quiet / gains.loud), report).toBeGreaterThan(9);
    // Both toward −23 LUFS: the loud one turned down (by about 7 dB), the quiet one lifted (by about 5 dB).
    expect(20 * Math.log10(gains.loud), report).toBeLessThan(-4);
    expect(20 * Math.log10(gains.quiet), report).toBeGreaterThan(3);
    // The listener's own mix is untouched: the floor at full, as they left it.
    expect(await listener.locator('audio[data-participant="sound-omar"]').getAttribute('data-volume')).toBe('1.00');
    for (const page of [loud, quiet, listener]) await page.context().close();
  }, 90_000);
});
