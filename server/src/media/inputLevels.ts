import type { types } from 'mediasoup';

/** How often the worker reports levels: a meter refreshed every 2 s wants fresher numbers than that. */
const INTERVAL_MS = 500;
/** A level not reported again within this long is gone (the producer paused, or packets stopped). */
const STALE_MS = INTERVAL_MS * 3;

/**
 * How loud each observed producer arrives at the server (dBov, −127 to 0), from a mediasoup
 * AudioLevelObserver on the session's home router. The worker reads the level the sender puts
 * in each packet (the ssrc-audio-level header extension), so this costs no decoding. A paused
 * producer is not heard by the observer: its level is null, as for one that sends nothing.
 */
export class InputLevels {
  readonly #levels = new Map<string, { volume: number; at: number }>();

  private constructor(private readonly observer: types.AudioLevelObserver) {
    observer.on('volumes', (volumes) => {
      const at = Date.now();
      for (const { producer, volume } of volumes) this.#levels.set(producer.id, { volume, at });
    });
    observer.on('silence', () => this.#levels.clear());
  }

  static async open(router: types.Router): Promise<InputLevels> {
    // Every observed producer in each report (a session has a few dozen booths at most), down to silence.
    const observer = await router.createAudioLevelObserver({ maxEntries: 64, threshold: -127, interval: INTERVAL_MS });
    return new InputLevels(observer);
  }

  async add(producer: types.Producer): Promise<void> {
    await this.observer.addProducer({ producerId: producer.id });
    producer.observer.once('close', () => this.#levels.delete(producer.id));
  }

  /** The producer's level as last reported, or null when it has not been heard lately. */
  levelOf(producerId: string, now = Date.now()): number | null {
    const entry = this.#levels.get(producerId);
    return entry && now - entry.at <= STALE_MS ? entry.volume : null;
  }
}
