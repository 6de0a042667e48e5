import { kWeighting } from './loudness.ts';

const BLOCK_SECONDS = 0.5;

/**
 * One received voice, K-weighted in Web Audio from the node that plays it (nothing is played from
 * here): each `read()` gives the mean square of its last half second, for `ShortTermLoudness`.
 */
export class StreamLoudness {
  readonly #filters: IIRFilterNode[];
  readonly #analyser: AnalyserNode;
  readonly #samples: Float32Array<ArrayBuffer>;

  constructor(
    context: AudioContext,
    private readonly source: AudioNode,
  ) {
    this.#filters = kWeighting(context.sampleRate).map(({ feedforward, feedback }) => context.createIIRFilter(feedforward, feedback));
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 32_768; // the longest it keeps: enough for a half-second block at 48 kHz
    this.#samples = new Float32Array(this.#analyser.fftSize);
    let node: AudioNode = source;
    for (const filter of this.#filters) node = node.connect(filter);
    node.connect(this.#analyser);
  }

  /** The K-weighted mean square of the last half second, and how long that is. */
  read(): { meanSquare: number; seconds: number } {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    const count = Math.min(this.#samples.length, Math.round(BLOCK_SECONDS * this.#analyser.context.sampleRate));
    let energy = 0;
    for (let i = this.#samples.length - count; i < this.#samples.length; i++) energy += this.#samples[i]! * this.#samples[i]!;
    return { meanSquare: energy / count, seconds: count / this.#analyser.context.sampleRate };
  }

  /** Stops measuring; the source (whoever plays it) goes on. */
  close(): void {
    try {
      this.source.disconnect(this.#filters[0]!);
    } catch {
      // Its player disconnected it already.
    }
    for (const filter of this.#filters) filter.disconnect();
    this.#analyser.disconnect();
  }
}
