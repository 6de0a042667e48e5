/**
 * What this page plays, and a meter on it: every received audio track goes through its own gain
 * (the person's mix times the voice's loudness normalisation, which may lift a quiet voice above
 * its own level) to the speakers and to one analyser. Used for level meters and by end-to-end tests.
 */
export class OutputMeter {
  readonly #context = new AudioContext();
  readonly #analyser: AnalyserNode;
  readonly #taps = new Map<string, { source: MediaStreamAudioSourceNode; gain: GainNode }>();

  constructor() {
    // Browsers start audio only after a gesture: a page that joined by itself (a reload) sounds
    // from the person's next click or key press on.
    const resume = () => void this.#context.resume();
    for (const event of ['pointerdown', 'keydown']) document.addEventListener(event, resume, { once: true });
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 8192;
    // No smoothing across readings: smoothing is applied per call, so a reading taken seconds
    // after the last one would still carry half of it (tests read levels every ~250 ms).
    this.#analyser.smoothingTimeConstant = 0;
  }

  /** The page's one AudioContext (the loudness of each voice is measured in it too). */
  get context(): AudioContext {
    return this.#context;
  }

  resume(): Promise<void> {
    return this.#context.resume();
  }

  /** Plays `track` at `volume`; returns its source node, for more measurements of the same voice. */
  add(id: string, track: MediaStreamTrack, volume: number): AudioNode {
    this.remove(id);
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    const gain = this.#context.createGain();
    gain.gain.value = volume;
    source.connect(gain).connect(this.#analyser);
    gain.connect(this.#context.destination);
    this.#taps.set(id, { source, gain });
    return source;
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

  /**
   * Energy of everything within ±`halfWidthHz` of `hz`, in dB. Unlike the loudest bin, this does
   * not depend on where a tone falls between two bins (up to 1.1 dB with the analyser's window),
   * so levels of tones at different frequencies can be compared to a fraction of a dB.
   */
  bandLevelAt(hz: number, halfWidthHz = 30): number {
    const bins = new Float32Array(this.#analyser.frequencyBinCount);
    this.#analyser.getFloatFrequencyData(bins);
    const binHz = this.#context.sampleRate / this.#analyser.fftSize;
    let power = 0;
    for (let bin = Math.ceil((hz - halfWidthHz) / binHz); bin <= Math.floor((hz + halfWidthHz) / binHz); bin++) {
      power += 10 ** ((bins[bin] ?? -Infinity) / 10);
    }
    return 10 * Math.log10(power);
  }

  close(): void {
    for (const id of [...this.#taps.keys()]) this.remove(id);
    void this.#context.close();
  }
}
