import type { types } from 'mediasoup';
import type {
  ConsumeResult,
  JoinResult,
  MediaSource,
  Participant,
  ProducerInfo,
  RequestPayload,
  SessionInfo,
} from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import { assertMayPublish } from '../domain/session/permissions.ts';
import { Roster, type ConnectionId } from '../domain/session/roster.ts';
import type { Logger } from '../logger.ts';
import { PeerMedia, type RtcListenOptions } from '../media/peerMedia.ts';
import type { EndReason, Outbox } from './outbox.ts';

type Peer = { participant: Participant; media: PeerMedia };
type Published = { producer: types.Producer; participantId: string; source: MediaSource };

/** The participant count is broadcast at most this often, so 5,000 joins are not 5,000 broadcasts. */
const COUNT_BROADCAST_INTERVAL_MS = 500;

/**
 * One live session on this server process: who is in it, and their media in the session
 * router. All socket handlers of the session go through here.
 */
export class LiveSession {
  readonly roster = new Roster();
  readonly #peers = new Map<ConnectionId, Peer>();
  readonly #published = new Map<string, Published>();
  readonly #activeSpeaker: types.ActiveSpeakerObserver;
  readonly #logger: Logger;
  #countTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    readonly info: SessionInfo,
    private readonly router: types.Router,
    activeSpeaker: types.ActiveSpeakerObserver,
    private readonly rtc: RtcListenOptions,
    private readonly outbox: Outbox,
    logger: Logger,
  ) {
    this.#activeSpeaker = activeSpeaker;
    this.#logger = logger.child({ session: info.id });
    activeSpeaker.on('dominantspeaker', ({ producer }) => {
      const published = this.#published.get(producer.id);
      if (published) this.outbox.broadcast(info.id, 'speaker:activeChanged', { participantId: published.participantId });
    });
  }

  static async open(
    info: SessionInfo,
    router: types.Router,
    rtc: RtcListenOptions,
    outbox: Outbox,
    logger: Logger,
  ): Promise<LiveSession> {
    const activeSpeaker = await router.createActiveSpeakerObserver({ interval: 300 });
    return new LiveSession(info, router, activeSpeaker, rtc, outbox, logger);
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  get isEmpty(): boolean {
    return this.roster.isEmpty;
  }

  /** Closed sessions are replaced by a fresh one on the next `LiveSessions.open()`. */
  get isClosed(): boolean {
    return this.#closed;
  }

  join(participant: Participant, connection: ConnectionId): JoinResult {
    if (this.#closed) throw new DomainError('INVALID_STATE', 'the session is restarting; join again');
    const { replaced } = this.roster.join(participant, connection);
    if (replaced) {
      this.#dropPeer(replaced);
      this.outbox.end(replaced, 'REPLACED', 'you joined this session from another window');
    }
    this.#peers.set(connection, { participant, media: new PeerMedia(this.router, this.rtc) });
    if (participant.grant.role !== 'attendee' && !replaced) {
      this.outbox.broadcast(this.info.id, 'participant:joined', { participant }, connection);
    }
    this.#scheduleCountBroadcast();
    return {
      self: participant,
      session: this.info,
      stage: this.roster.stage(),
      participantCount: this.roster.count,
      producers: this.#producerInfos(),
    };
  }

  /** Removes the connection and everything it published. Returns whether the person left. */
  leave(connection: ConnectionId): boolean {
    const peer = this.#peers.get(connection);
    if (!peer) return false;
    this.#dropPeer(connection);
    const left = this.roster.leave(peer.participant.id, connection);
    if (left) {
      if (peer.participant.grant.role !== 'attendee') {
        this.outbox.broadcast(this.info.id, 'participant:left', { participantId: peer.participant.id });
      }
      this.#scheduleCountBroadcast();
    }
    return left;
  }

  peer(connection: ConnectionId): Peer {
    const peer = this.#peers.get(connection);
    if (!peer) throw new DomainError('NOT_JOINED', 'join the session first');
    return peer;
  }

  async produce(connection: ConnectionId, request: RequestPayload<'media:produce'>): Promise<string> {
    const { participant, media } = this.peer(connection);
    assertMayPublish(participant.grant, request.source);
    const expectedKind = request.source === 'microphone' ? 'audio' : 'video';
    if (request.kind !== expectedKind) {
      throw new DomainError('VALIDATION_FAILED', `${request.source} must be ${expectedKind}`);
    }
    if (media.producers.some((p) => p.appData.source === request.source)) {
      throw new DomainError('INVALID_STATE', `you already publish your ${request.source}`);
    }
    const producer = await media.produce(request.transportId, request.kind, request.rtpParameters, request.paused ?? false, {
      source: request.source,
    });
    const published: Published = { producer, participantId: participant.id, source: request.source };
    this.#published.set(producer.id, published);
    producer.observer.once('close', () => {
      this.#published.delete(producer.id);
      if (!this.#closed) this.outbox.broadcast(this.info.id, 'producer:closed', { producerId: producer.id });
    });
    producer.observer.on('pause', () => this.outbox.broadcast(this.info.id, 'producer:paused', { producerId: producer.id }));
    producer.observer.on('resume', () =>
      this.outbox.broadcast(this.info.id, 'producer:resumed', { producerId: producer.id }),
    );
    if (producer.kind === 'audio') {
      await this.#activeSpeaker.addProducer({ producerId: producer.id }).catch((error: unknown) => {
        this.#logger.warn({ err: error }, 'could not observe producer for active speaker');
      });
    }
    this.outbox.broadcast(this.info.id, 'producer:added', { producer: this.#infoOf(published) }, connection);
    return producer.id;
  }

  async consume(connection: ConnectionId, request: RequestPayload<'media:consume'>): Promise<ConsumeResult> {
    const { media } = this.peer(connection);
    const published = this.#published.get(request.producerId);
    if (!published) throw new DomainError('NOT_FOUND', 'no such producer in this session');
    const consumer = await media.consume(request.transportId, request.producerId, request.rtpCapabilities);
    consumer.observer.once('close', () => {
      if (!this.#closed && this.#peers.has(connection)) this.outbox.send(connection, 'consumer:closed', { consumerId: consumer.id });
    });
    return {
      consumerId: consumer.id,
      producerId: published.producer.id,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: true,
      producerPaused: consumer.producerPaused,
    };
  }

  /** Ends every connection (the router is gone or the server stops) and frees the media. */
  close(reason: EndReason, message: string): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#countTimer);
    for (const connection of [...this.#peers.keys()]) {
      this.#dropPeer(connection);
      this.outbox.end(connection, reason, message);
    }
  }

  #dropPeer(connection: ConnectionId): void {
    const peer = this.#peers.get(connection);
    if (!peer) return;
    this.#peers.delete(connection);
    peer.media.close();
  }

  #producerInfos(): ProducerInfo[] {
    return [...this.#published.values()].map((published) => this.#infoOf(published));
  }

  #infoOf({ producer, participantId, source }: Published): ProducerInfo {
    return { id: producer.id, participantId, kind: producer.kind, source, paused: producer.paused };
  }

  #scheduleCountBroadcast(): void {
    if (this.#countTimer || this.#closed) return;
    this.#countTimer = setTimeout(() => {
      this.#countTimer = undefined;
      if (!this.#closed) this.outbox.broadcast(this.info.id, 'session:countChanged', { participantCount: this.roster.count });
    }, COUNT_BROADCAST_INTERVAL_MS);
    this.#countTimer.unref();
  }
}
