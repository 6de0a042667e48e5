import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * A fake camera and microphone that flash and beep on the same frame: every 2 s, 100 ms of a
 * white picture and of a 1 kHz tone, black and silence otherwise. Chromium loops both files.
 */
export function makeFlashAndBeep(dir = mkdtempSync(join(tmpdir(), 'multaqa-av-'))): { video: string; audio: string } {
  const video = join(dir, 'flash.y4m');
  const audio = join(dir, 'beep.wav');
  const made = [
    spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', "color=c=black:s=320x180:r=30:d=2,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='lt(t,0.1)'", '-pix_fmt', 'yuv420p', video]),
    spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', audio, 'synth', '0.1', 'sine', '1000', 'vol', '0.5', 'pad', '0', '1.9']),
  ];
  for (const result of made) {
    if (result.error || result.status !== 0) throw new Error(`could not make the flash and beep files: ${result.error?.message ?? String(result.stderr)} (apt-get install ffmpeg sox)`);
  }
  return { video, audio };
}

/** When flashes were shown and beeps played on a page (ms since the epoch: pages of different browsers compare). */
export type AvEvents = { flashes: number[]; beeps: number[] };

/**
 * Starts watching a picture and a sound on `page` for flashes and beeps: each video frame's
 * display time (requestVideoFrameCallback) and brightness, and each beep's onset in the audio
 * as it is rendered (Web Audio, mapped to the page clock with getOutputTimestamp).
 * `which`: the participant whose received tracks to watch, or 'own' for the page's own camera
 * and microphone (the source, for comparison).
 */
export async function watchFlashesAndBeeps(page: Page, which: string, { video: withVideo = true } = {}): Promise<void> {
  await page.evaluate(({ which, withVideo }) => {
    const state = window.__multaqa!.state();
    const own = state.local.microphone ?? state.local.interpretation;
    const tracks =
      which === 'own'
        ? { audio: own?.track, video: state.local.camera?.track }
        : {
            audio: state.remote.find((r) => r.participantId === which && r.track.kind === 'audio')?.track,
            video: state.remote.find((r) => r.participantId === which && r.track.kind === 'video')?.track,
          };
    if (!tracks.audio || (withVideo && !tracks.video)) throw new Error(`no audio${withVideo ? ' and video' : ''} of ${which} on this page`);
    const events = { flashes: [] as number[], beeps: [] as number[] };
    const watched = window as unknown as { __av?: Record<string, typeof events> };
    watched.__av = { ...watched.__av, [which]: events };

    if (withVideo && tracks.video) watchVideo(tracks.video);
    function watchVideo(track: MediaStreamTrack) {
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.srcObject = new MediaStream([track]);
      video.style.cssText = 'position:fixed;right:0;bottom:0;width:64px;height:36px;opacity:0.01;pointer-events:none';
      document.body.append(video);
      void video.play();
      const canvas = document.createElement('canvas');
      canvas.width = 16;
      canvas.height = 9;
      const context2d = canvas.getContext('2d', { willReadFrequently: true })!;
      let bright = false;
      const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
        context2d.drawImage(video, 0, 0, canvas.width, canvas.height);
        const pixels = context2d.getImageData(0, 0, canvas.width, canvas.height).data;
        let sum = 0;
        for (let i = 0; i < pixels.length; i += 4) sum += pixels[i]!;
        const isBright = sum / (pixels.length / 4) > 128;
        if (isBright && !bright) events.flashes.push(performance.timeOrigin + metadata.expectedDisplayTime);
        bright = isBright;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }

    const audioContext = new AudioContext();
    void audioContext.resume();
    const source = audioContext.createMediaStreamSource(new MediaStream([tracks.audio]));
    const processor = audioContext.createScriptProcessor(256, 1, 1);
    let quietSamples = 0;
    processor.onaudioprocess = (event) => {
      const samples = event.inputBuffer.getChannelData(0);
      const stamp = audioContext.getOutputTimestamp();
      for (let i = 0; i < samples.length; i++) {
        if (Math.abs(samples[i]!) > 0.05) {
          // A beep's first loud sample after at least 300 ms of quiet.
          if (quietSamples > 0.3 * audioContext.sampleRate) {
            const at = event.playbackTime + i / audioContext.sampleRate;
            events.beeps.push(performance.timeOrigin + stamp.performanceTime! + (at - stamp.contextTime!) * 1000);
          }
          quietSamples = 0;
        } else quietSamples++;
      }
    };
    source.connect(processor).connect(audioContext.destination); // its output is silence
  }, { which, withVideo });
}

/** One flash and the beep nearest to it: when the flash was shown, and the flash's time minus the beep's (ms). */
export type AvPair = { flashAt: number; offset: number };

/**
 * The flash/beep pairs seen so far. `offset` is the flash's display time minus the beep's, so
 * positive means the sound came first (ITU-R BT.1359: −125 … +45 ms goes unnoticed).
 */
export async function avPairs(page: Page, which: string): Promise<AvPair[]> {
  const { flashes, beeps } = await watchedEvents(page, which);
  const pairs: AvPair[] = [];
  for (const flash of flashes) {
    const nearest = beeps.reduce<number | undefined>((best, beep) => (best === undefined || Math.abs(beep - flash) < Math.abs(best - flash) ? beep : best), undefined);
    if (nearest !== undefined && Math.abs(nearest - flash) < 700) pairs.push({ flashAt: flash, offset: Math.round(flash - nearest) });
  }
  return pairs;
}

/**
 * What the way from sender to listener added to each pair's offset: each pair heard is matched
 * with the pair at the source nearest in time (the files loop every 2 s; on loopback the way
 * takes well under a second, and the two pages' display times are not exactly comparable).
 */
export function addedOffsets(atSource: AvPair[], heard: AvPair[]): number[] {
  return heard.flatMap((pair) => {
    const source = atSource.find((s) => Math.abs(pair.flashAt - s.flashAt) < 1000);
    return source ? [pair.offset - source.offset] : [];
  });
}

/** What `watchFlashesAndBeeps(page, which)` has seen so far. */
export function watchedEvents(page: Page, which: string): Promise<AvEvents> {
  return page.evaluate((which) => (window as unknown as { __av: Record<string, AvEvents> }).__av[which]!, which);
}

/**
 * How long each beep took from one page to another: each beep heard is matched with the last
 * beep that left before it (within `withinMs`). Epoch times, so pages of different browsers compare.
 */
export function beepDelays(sent: number[], heard: number[], withinMs = 1000): number[] {
  return heard.flatMap((at) => {
    const source = sent.filter((s) => s <= at && at - s < withinMs).at(-1);
    return source === undefined ? [] : [at - source];
  });
}
