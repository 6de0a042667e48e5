import { dbToGain, NORMALISATION, NormalisingGain, ShortTermLoudness, type Normalisation } from './loudness.ts';
import { StreamLoudness } from './streamLoudness.ts';

const EVERY_MS = 500;
/** Smaller changes are not worth a re-render (a quarter of a dB is inaudible). */
const REPORT_STEP_DB = 0.25;

/** What measures one received voice: the K-weighted mean square of its last block. */
export type LoudnessReader = { read(): { meanSquare: number; seconds: number }; close(): void };

export type NormaliserParts = {
  /** Starts measuring the voice that `source` plays. */
  measure: (source: AudioNode) => LoudnessReader;
  /** Whether sound plays at all (an AudioContext not yet resumed measures nothing). */
  running: () => boolean;
  now?: () => number;
  settings?: Normalisation;
};

type Stream = { loudness: LoudnessReader; shortTerm: ShortTermLoudness; gain: NormalisingGain; group: string; reportedDb: number };

/**
 * Keeps what a listener hears at one loudness (about −23 LUFS) when the speaker on the floor
 * changes, a channel hands over, or they switch language: each received voice is measured
 * (short-term, EBU R 128) and gets its own slowly moving gain; a new voice starts from the gain
 * of the last one in its group (the floor, or one channel), so a handover does not jump first.
 */
export class PlaybackNormaliser {
  readonly #streams = new Map<string, Stream>();
  readonly #lastDbOfGroup = new Map<string, number>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly onChange: (gains: Record<string, number>) => void,
    private readonly parts: NormaliserParts,
  ) {
    this.#timer = setInterval(() => this.#tick(), EVERY_MS);
  }

  /** Measures, in Web Audio, what plays in `context`. */
  static inContext(context: AudioContext, onChange: (gains: Record<string, number>) => void): PlaybackNormaliser {
    return new PlaybackNormaliser(onChange, { measure: (source) => new StreamLoudness(context, source), running: () => context.state === 'running' });
  }

  /** Measures the voice coming out of `source` (the node that plays it, in the same AudioContext). */
  add(consumerId: string, source: AudioNode, group: string): void {
    this.remove(consumerId);
    const gain = new NormalisingGain(this.parts.settings ?? NORMALISATION, this.#lastDbOfGroup.get(group) ?? 0);
    this.#streams.set(consumerId, { loudness: this.parts.measure(source), shortTerm: new ShortTermLoudness(), gain, group, reportedDb: gain.db });
    this.onChange(this.gains());
  }

  remove(consumerId: string): void {
    const stream = this.#streams.get(consumerId);
    if (!stream) return;
    stream.loudness.close();
    this.#streams.delete(consumerId);
  }

  /** The playback gain (linear; above 1 lifts a quiet voice) of each received voice. */
  gains(): Record<string, number> {
    return Object.fromEntries([...this.#streams].map(([consumerId, stream]) => [consumerId, dbToGain(stream.reportedDb)]));
  }

  close(): void {
    clearInterval(this.#timer);
    for (const consumerId of [...this.#streams.keys()]) this.remove(consumerId);
  }

  #tick(): void {
    if (!this.parts.running()) return;
    const now = (this.parts.now ?? (() => performance.now()))();
    let changed = false;
    for (const stream of this.#streams.values()) {
      const { meanSquare, seconds } = stream.loudness.read();
      // The gain holds while the voice is not heard (a pause, a mute and its fading tail).
      const heardNow = stream.shortTerm.add(now, meanSquare, seconds);
      const db = stream.gain.update(now, heardNow ? stream.shortTerm.lufs() : undefined);
      if (stream.gain.heard) this.#lastDbOfGroup.set(stream.group, db);
      if (Math.abs(db - stream.reportedDb) >= REPORT_STEP_DB) {
        stream.reportedDb = db;
        changed = true;
      }
    }
    if (changed) this.onChange(this.gains());
  }
}
