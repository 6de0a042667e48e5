import type { types } from 'mediasoup';
import type { MediaSource, ProducerInfo } from '@multaqa/shared';
import type { ConnectionId } from '../domain/session/roster.ts';
import type { Logger } from '../logger.ts';
import type { Outbox } from './outbox.ts';

export type Published = { producer: types.Producer; participantId: string; source: MediaSource; language?: string };

/**
 * Everything published in one live session on this process, and the server-side controls on
 * it: muting, routing the interpretation channels, closing what someone may no longer publish.
 * Every change is announced to the session's room.
 */
export class SessionProducers {
  readonly #published = new Map<string, Published>();
  #closed = false;

  private constructor(
    private readonly sessionId: string,
    private readonly activeSpeaker: types.ActiveSpeakerObserver,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {
    activeSpeaker.on('dominantspeaker', ({ producer }) => {
      const published = this.#published.get(producer.id);
      if (published) this.outbox.broadcast(sessionId, 'speaker:activeChanged', { participantId: published.participantId });
    });
  }

  static async open(sessionId: string, router: types.Router, outbox: Outbox, logger: Logger): Promise<SessionProducers> {
    const activeSpeaker = await router.createActiveSpeakerObserver({ interval: 300 });
    return new SessionProducers(sessionId, activeSpeaker, outbox, logger);
  }

  get(producerId: string): Published | undefined {
    return this.#published.get(producerId);
  }

  infos(): ProducerInfo[] {
    return [...this.#published.values()].map(infoOf);
  }

  /** Tracks a new producer and tells everyone but its owner's connection about it. */
  async add(published: Published, owner: ConnectionId): Promise<void> {
    const { producer } = published;
    this.#published.set(producer.id, published);
    producer.observer.once('close', () => {
      this.#published.delete(producer.id);
      if (!this.#closed) this.outbox.broadcast(this.sessionId, 'producer:closed', { producerId: producer.id });
    });
    producer.observer.on('pause', () => this.outbox.broadcast(this.sessionId, 'producer:paused', { producerId: producer.id }));
    producer.observer.on('resume', () => this.outbox.broadcast(this.sessionId, 'producer:resumed', { producerId: producer.id }));
    if (producer.kind === 'audio' && published.source === 'microphone') {
      await this.activeSpeaker.addProducer({ producerId: producer.id }).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not observe producer for active speaker');
      });
    }
    this.outbox.broadcast(this.sessionId, 'producer:added', { producer: infoOf(published) }, owner);
  }

  /** Pauses, on the server, the microphones of the people `whose` picks. */
  muteMicrophones(whose: (participantId: string) => boolean): void {
    for (const published of this.#published.values()) {
      if (published.source !== 'microphone' || published.producer.paused || !whose(published.participantId)) continue;
      published.producer.pause().catch((error: unknown) => this.logger.warn({ err: error }, 'could not mute'));
    }
  }

  /** Server-side truth of a channel: only its voice's producer flows. */
  routeChannel(language: string, isVoice: (participantId: string) => boolean): void {
    for (const published of this.#published.values()) {
      if (published.source !== 'interpretation' || published.language !== language) continue;
      const { producer } = published;
      const voice = isVoice(published.participantId);
      const change = voice && producer.paused ? producer.resume() : !voice && !producer.paused ? producer.pause() : undefined;
      change?.catch((error: unknown) => this.logger.warn({ err: error }, 'could not route interpretation channel'));
    }
  }

  /** Closes the stage producers (camera, microphone) that `mayKeep` refuses. */
  closeStageProducers(mayKeep: (published: Published) => boolean): void {
    for (const published of [...this.#published.values()]) {
      if (published.source !== 'interpretation' && !mayKeep(published)) published.producer.close();
    }
  }

  /** The session ends: producers close with their transports, with no one left to tell. */
  close(): void {
    this.#closed = true;
  }
}

function infoOf({ producer, participantId, source, language }: Published): ProducerInfo {
  return { id: producer.id, participantId, kind: producer.kind, source, paused: producer.paused, ...(language ? { language } : {}) };
}
