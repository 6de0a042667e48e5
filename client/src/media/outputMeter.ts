/**
 * A meter on what this page plays: every received audio track is tapped, at the volume its
 * element plays it, into one analyser (nothing is played through Web Audio). Used for level
 * meters and by end-to-end tests.
 */
export class OutputMeter {
  readonly #context = new AudioContext();
  readonly #analyser: AnalyserNode;
  readonly #taps = new Map<string, { source: MediaStreamAudioSourceNode; gain: GainNode }>();

  constructor() {
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 8192;
    // No smoothing across readings: smoothing is applied per call, so a reading taken seconds
    // after the last one would still carry half of it (tests read levels every ~250 ms).
    this.#analyser.smoothingTimeConstant = 0;
  }

  resume(): Promise<void> {
    return this.#context.resume();
  }

  add(id: string, track: MediaStreamTrack, volume: number): void {
    this.remove(id);
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    const gain = this.#context.createGain();
    gain.gain.value = volume;
    source.connect(gain).connect(this.#analyser);
    this.#taps.set(id, { source, gain });
  }

  setVolume(id: string, volume: number): void {
    const tap = this.#taps.get(id);
    if (tap && tap.gain.gain.value !== volume) tap.gain.gain.value = volume;
  }

  remove(id: string): void {
    const tap = this.#taps.get(id);
    tap?.source.disconnect();
    tap?.gain.disconnect();
    this.#taps.delete(id);
  }

  /** Level near `hz`, in dB (the loudest bin within ±10 Hz). */
  levelAt(hz: number): number {
    const bins = new Float32Array(this.#analyser.frequencyBinCount);
    this.#analyser.getFloatFrequencyData(bins);
    const binHz = this.#context.sampleRate / this.#analyser.fftSize;
    let loudest = -Infinity;
    for (let bin = Math.floor((hz - 10) / binHz); bin <= Math.ceil((hz + 10) / binHz); bin++) {
      loudest = Math.max(loudest, bins[bin] ?? -Infinity);
    }
    return loudest;
  }

  close(): void {
    for (const id of [...this.#taps.keys()]) this.remove(id);
    void this.#context.close();
  }
}
