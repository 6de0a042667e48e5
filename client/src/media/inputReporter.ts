import type { SenderInputReport } from '@multaqa/shared';

const SAMPLE_EVERY_MS = 100;
const REPORT_EVERY_MS = 2_000;
/** A sample this close to full scale is taken as clipped (converters flatten the top of the wave). */
const CLIPPED = 0.99;

/**
 * Measures a microphone before it is encoded (peak and share of clipped samples) and hands a
 * report over every two seconds: clipping is distortion the server cannot see in Opus packets.
 */
export class InputReporter {
  readonly #context = new AudioContext();
  readonly #timers: ReturnType<typeof setInterval>[] = [];

  constructor(track: MediaStreamTrack, report: (report: SenderInputReport) => void) {
    const analyser = this.#context.createAnalyser();
    analyser.fftSize = 2048;
    this.#context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    let clipped = 0;
    let total = 0;
    this.#timers.push(
      setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        for (const sample of samples) {
          const magnitude = Math.abs(sample);
          if (magnitude > peak) peak = magnitude;
          if (magnitude >= CLIPPED) clipped++;
        }
        total += samples.length;
      }, SAMPLE_EVERY_MS),
      setInterval(() => {
        if (total === 0) return;
        report({ peakDbfs: peak > 0 ? Math.max(-200, Math.min(0, 20 * Math.log10(peak))) : -200, clippedPercent: Math.min(100, (100 * clipped) / total) });
        peak = 0;
        clipped = 0;
        total = 0;
      }, REPORT_EVERY_MS),
    );
    // Created outside a gesture it may start suspended; the join click has already happened.
    void this.#context.resume().catch(() => undefined);
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    void this.#context.close().catch(() => undefined);
  }
}
