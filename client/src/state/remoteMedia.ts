import type { ProducerInfo } from '@multaqa/shared';
import type { MediaSession } from '../media/mediaSession.ts';
import { OutputMeter } from '../media/outputMeter.ts';
import { PlaybackNormaliser } from '../media/playbackNormaliser.ts';
import { playedVolume } from './mixLevels.ts';
import type { SessionState } from './sessionState.ts';
import type { Store } from './store.ts';

/**
 * What this person receives: one consumer per announced producer, kept in the session state
 * (`producers`, `remote`) and tapped into the output meter at the volume it plays at.
 */
export class RemoteMedia {
  readonly #meter = new OutputMeter();
  readonly #normaliser: PlaybackNormaliser;
  /** Producers announced while no media session is ready (joining); received once it is. */
  readonly #announcedEarly = new Map<string, ProducerInfo>();
  /** The simulcast layer asked for, by consumer. */
  readonly #layers = new Map<string, number>();
  /** Consumers whose tile is out of sight (absent: in sight, as consumers start). */
  readonly #visible = new Map<string, boolean>();
  #media: MediaSession | undefined;

  constructor(private readonly state: Store<SessionState>) {
    this.#normaliser = PlaybackNormaliser.inContext(this.#meter.context, (playbackGain) => state.update((s) => ({ ...s, playbackGain })));
    const { context } = this.#meter;
    const followContext = () => state.update((s) => ({ ...s, soundSuspended: context.state === 'suspended' }));
    context.addEventListener('statechange', followContext);
    followContext();
    // The meter follows the volumes the <audio> elements play at.
    state.subscribe(() => {
      const current = state.get();
      for (const remote of current.remote) if (remote.track.kind === 'audio') this.#meter.setVolume(remote.consumerId, playedVolume(remote, current));
    });
  }

  /** Call from a user gesture: audio may only start on one. */
  resumeAudio(): Promise<void> {
    return this.#meter.resume();
  }

  levelAt(hz: number): number {
    return this.#meter.levelAt(hz);
  }

  bandLevelAt(hz: number): number {
    return this.#meter.bandLevelAt(hz);
  }

  /** A media session is ready: receive what the join listed and what was announced meanwhile. */
  async attach(media: MediaSession, listed: ProducerInfo[]): Promise<void> {
    this.#media = media;
    const waiting = [...this.#announcedEarly.values()].filter((early) => !listed.some((p) => p.id === early.id));
    this.#announcedEarly.clear();
    for (const producer of [...listed, ...waiting]) await this.receive(producer);
  }

  async receive(producer: ProducerInfo): Promise<void> {
    const media = this.#media;
    if (producer.participantId === this.state.get().self?.id) return;
    if (!media) {
      this.#announcedEarly.set(producer.id, producer);
      return;
    }
    if (media.consumerIdOf(producer.id)) return;
    this.state.update((s) => ({ ...s, producers: [...s.producers.filter((p) => p.id !== producer.id), producer] }));
    // Known, so that turning audio-only off can receive it then.
    if (producer.kind === 'video' && this.state.get().audioOnly) return;
    try {
      const consumed = await media.consume(producer);
      if (media !== this.#media) return;
      if (consumed.track.kind === 'audio') {
        const source = this.#meter.add(consumed.consumerId, consumed.track, 0);
        this.#normaliser.add(consumed.consumerId, source, producer.source === 'interpretation' ? `channel:${producer.language}` : 'floor');
      }
      const remote = {
        consumerId: consumed.consumerId,
        producerId: producer.id,
        participantId: producer.participantId,
        source: producer.source,
        ...(producer.language ? { language: producer.language } : {}),
        track: consumed.track,
      };
      this.state.update((s) => ({ ...s, remote: [...s.remote, remote] }));
    } catch (error) {
      console.warn('could not receive', producer, error);
    }
  }

  /** Audio only: video consumers close (on the server too); off again: every camera is received. */
  async setAudioOnly(audioOnly: boolean): Promise<void> {
    const media = this.#media;
    if (!media) return;
    const { remote, producers } = this.state.get();
    if (audioOnly) {
      for (const video of remote.filter((r) => r.track.kind === 'video')) {
        this.forgetConsumer(video.consumerId);
        await media.closeConsumer(video.consumerId).catch((error: unknown) => console.warn('could not stop receiving video', error));
      }
      return;
    }
    for (const producer of producers.filter((p) => p.kind === 'video' && !media.consumerIdOf(p.id))) await this.receive(producer);
  }

  /** A tile came into or went out of sight: its video is received only while seen. */
  setVideoVisible(consumerId: string, visible: boolean): void {
    if ((this.#visible.get(consumerId) ?? true) === visible || !this.#media) return;
    this.#visible.set(consumerId, visible);
    this.#media.setConsumerFlowing(consumerId, visible).catch((error: unknown) => console.warn('could not pause or resume a hidden video', error));
  }

  /** Asks for the simulcast layer that fits a tile; repeated asks for the same layer are dropped. */
  setVideoLayer(consumerId: string, spatialLayer: number): void {
    if (this.#layers.get(consumerId) === spatialLayer || !this.#media) return;
    this.#layers.set(consumerId, spatialLayer);
    this.#media.setVideoLayer(consumerId, spatialLayer).catch((error: unknown) => console.warn('could not choose a video layer', error));
  }

  forgetProducer(producerId: string): void {
    this.#announcedEarly.delete(producerId);
    const consumerId = this.#media?.consumerIdOf(producerId);
    if (consumerId) this.forgetConsumer(consumerId);
    this.state.update((s) => ({ ...s, producers: s.producers.filter((p) => p.id !== producerId) }));
  }

  forgetConsumer(consumerId: string): void {
    this.#media?.dropConsumer(consumerId);
    this.#normaliser.remove(consumerId);
    this.#meter.remove(consumerId);
    this.#layers.delete(consumerId);
    this.#visible.delete(consumerId);
    this.state.update((s) => ({ ...s, remote: s.remote.filter((r) => r.consumerId !== consumerId) }));
  }

  /** The media session is gone (disconnect, leave): nothing is received until the next attach. */
  detach(): void {
    this.#media = undefined;
    this.#announcedEarly.clear();
    for (const remote of this.state.get().remote) {
      this.#normaliser.remove(remote.consumerId);
      this.#meter.remove(remote.consumerId);
    }
    this.state.update((s) => ({ ...s, remote: [], producers: [] }));
  }

  close(): void {
    this.detach();
    this.#normaliser.close();
    this.#meter.close();
  }
}
