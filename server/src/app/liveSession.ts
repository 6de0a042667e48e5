import type { types } from 'mediasoup';
import {
  STAGE_ROLES,
  type Booth,
  type ConsumeResult,
  type JoinResult,
  type Participant,
  type ProducerInfo,
  type RequestPayload,
  type SessionInfo,
} from '@multaqa/shared';
import { channelConsumerFlows, isLive, voiceOf } from '../domain/interpretation/booth.ts';
import { DomainError } from '../domain/errors.ts';
import { timeUpMuteAfter } from '../domain/moderation/timeUpMute.ts';
import { assertMayPublish, assertMaySend, assertModerator, isModerator, isStageMember, mayPublish } from '../domain/session/permissions.ts';
import { Roster, type ConnectionId } from '../domain/session/roster.ts';
import type { Logger } from '../logger.ts';
import { PeerMedia } from '../media/peerMedia.ts';
import type { SessionMedia, SessionRouter } from '../media/sessionMedia.ts';
import { webRtcServerOf } from '../media/workerPool.ts';
import type { Hold } from '../media/producerHolds.ts';
import type { EndReason, Outbox } from './outbox.ts';
import type { ModerationMessage, ModerationStore } from '../store/moderationEvents.ts';
import type { PeopleDirectory } from '../store/peopleDirectory.ts';
import type { ProcessCounters } from '../store/processCounters.ts';
import type { ProducerChangedMessage, ProducerDirectory } from '../store/producerDirectory.ts';
import type { QueueStore } from '../store/queueStore.ts';
import { SessionInterpretation, type InterpretationStores, type InterpreterAction } from './sessionInterpretation.ts';
import { SessionModeration, type ModeratorAction } from './sessionModeration.ts';
import { SessionProducers } from './sessionProducers.ts';
import { BroadcastTally } from './broadcastTally.ts';
import { RemoteProducers } from './remoteProducers.ts';
import { SpeakerTimeUp } from './speakerTimeUp.ts';

/** The field of the participant tally that counts people. */
const PRESENT = 'present';

type Peer = { participant: Participant; media: PeerMedia; placed: SessionRouter };


export type LiveSessionDeps = {
  outbox: Outbox;
  stores: InterpretationStores & {
    queues: QueueStore;
    moderation: ModerationStore;
    participants: ProcessCounters;
    producers: ProducerDirectory;
    people: PeopleDirectory;
  };
  /** This server process (owner of what is published here, in the producer directory). */
  processId: string;
  logger: Logger;
};

/**
 * One live session on this server process: who is in it, their media in the session router,
 * and the interpretation channels. All socket handlers of the session go through here.
 */
export class LiveSession {
  readonly roster = new Roster();
  readonly #peers = new Map<ConnectionId, Peer>();
  readonly #logger: Logger;
  /** People in the session on every process (field PRESENT). */
  #headcount!: BroadcastTally;
  readonly #timeUp = new SpeakerTimeUp((participantId) => this.#published.muteMicrophones((id) => id === participantId, 'timeUp'));
  #published!: SessionProducers;
  /** What people on other server processes publish in this session. */
  #remote!: RemoteProducers;
  #interpretation!: SessionInterpretation;
  #moderation!: SessionModeration;
  #closed = false;
  #reservations = 0;

  private constructor(
    readonly info: SessionInfo,
    private readonly media: SessionMedia,
    private readonly deps: LiveSessionDeps,
  ) {
    this.#logger = deps.logger.child({ session: info.id });
  }

  static async open(info: SessionInfo, media: SessionMedia, deps: LiveSessionDeps): Promise<LiveSession> {
    const session = new LiveSession(info, media, deps);
    session.#remote = await RemoteProducers.load(info.id, deps.stores.producers, deps.processId);
    session.#published = SessionProducers.open({
      sessionId: info.id,
      media,
      outbox: deps.outbox,
      directory: deps.stores.producers,
      logger: session.#logger,
      remoteSpeaker: (producerId) => session.#remote.participantOf(producerId),
    });
    for (const { producer, processId } of session.#remote.entries) session.#observeRemote(producer, processId);
    // An edge router's worker died: its people re-join and are placed on a live router.
    media.onRouterClosed((slot) => {
      if (!slot.home) session.#restartPeersOn(slot);
    });
    session.#interpretation = await SessionInterpretation.load(info, deps.stores, deps.outbox, session.#logger, (booth) =>
      session.#routeChannel(booth.language),
    );
    session.#moderation = await SessionModeration.load(info, deps.stores.queues, deps.outbox, (queue) => {
      session.#enforceFloor();
      session.#published.reviewTimeUpMutes((participantId) => timeUpMuteAfter(queue.current, participantId, Date.now()));
      session.#timeUp.schedule(queue.current);
    });
    session.#timeUp.schedule(session.#moderation.queue.current);
    session.#headcount = await BroadcastTally.open(
      deps.stores.participants,
      info.id,
      () => ({ [PRESENT]: session.roster.count }),
      (totals) => deps.outbox.broadcastHere(info.id, 'session:countChanged', { participantCount: totals[PRESENT] ?? 0 }),
      session.#logger,
    );
    return session;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.media.rtpCapabilities;
  }

  mediaLoad() {
    return this.media.load();
  }

  /** The session's media here, for other processes piping its producers out. */
  get exportingMedia(): SessionMedia {
    return this.media;
  }

  /** Nobody is in it, and no join is on its way into it. */
  get isEmpty(): boolean {
    return this.roster.isEmpty && this.#reservations === 0;
  }

  /**
   * Holds the session open for a join on its way (its awaits leave room for the last person's
   * leaving to close it); call the returned function when the join is done or failed.
   */
  reserve(): () => void {
    this.#reservations++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#reservations--;
    };
  }

  /** Closed sessions are replaced by a fresh one on the next `LiveSessions.openForJoin()`. */
  get isClosed(): boolean {
    return this.#closed;
  }

  get interpretation(): SessionInterpretation {
    return this.#interpretation;
  }

  async join(participant: Participant, connection: ConnectionId): Promise<JoinResult> {
    if (this.#closed) throw new DomainError('INVALID_STATE', 'the session is restarting; join again');
    if (await this.deps.stores.moderation.isRemoved(this.info.id, participant.id)) {
      throw new DomainError('FORBIDDEN', 'a moderator removed you from this session');
    }
    const interpreter = participant.grant.role === 'interpreter';
    if (interpreter) await this.#interpretation.addInterpreter(participant);
    const { replaced } = this.roster.join(participant, connection);
    const { stage, elsewhere } = await this.deps.stores.people.joined(this.info.id, participant, isStageMember(participant.grant));
    // The same person still connected through another process: that window is ended there.
    if (elsewhere) await this.deps.stores.moderation.publish({ sessionId: this.info.id, action: { type: 'replaced', participantId: participant.id, by: this.deps.processId } });
    if (replaced) {
      this.#dropPeer(replaced);
      this.#interpretation.forget(replaced);
      this.deps.outbox.end(replaced, 'REPLACED', 'you joined this session from another window');
    }
    const publishes = STAGE_ROLES.includes(participant.grant.role) || interpreter;
    const placed = publishes ? this.media.placePublisher() : await this.media.placeListener();
    this.#peers.set(connection, { participant, media: new PeerMedia(placed.router, webRtcServerOf(placed.worker)), placed });
    await this.#interpretation.choose(connection, null, !interpreter);
    if (participant.grant.role !== 'attendee' && !replaced) {
      this.deps.outbox.broadcast(this.info.id, 'participant:joined', { participant }, connection);
    }
    this.#headcount.changed();
    return {
      self: participant,
      session: this.info,
      stage,
      participantCount: this.#headcount.totals[PRESENT] ?? 0,
      activeSpeakerId: this.#published.activeSpeakerId,
      producers: [...this.#published.infos(), ...this.#remote.infos()],
      booths: this.#interpretation.booths(),
      listenerCounts: this.#interpretation.counts(),
      queue: this.#moderation.queue,
      serverTime: Date.now(),
    };
  }

  /** Removes the connection and everything it published. Returns whether the person left. */
  async leave(connection: ConnectionId, { stillInSession = false } = {}): Promise<boolean> {
    const peer = this.#peers.get(connection);
    if (!peer) return false;
    this.#dropPeer(connection);
    const left = this.roster.leave(peer.participant.id, connection);
    this.#interpretation.forget(connection);
    if (left) {
      if (peer.participant.grant.role !== 'attendee' && !stillInSession) {
        this.deps.outbox.broadcast(this.info.id, 'participant:left', { participantId: peer.participant.id });
      }
      await this.#interpretation.removeInterpreter(peer.participant);
      await this.deps.stores.people.left(this.info.id, peer.participant.id);
      this.#headcount.changed();
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
    assertMayPublish(participant.grant, request.source, this.#moderation.hasFloor(participant.id));
    const expectedKind = request.source === 'camera' ? 'video' : 'audio';
    if (request.kind !== expectedKind) {
      throw new DomainError('VALIDATION_FAILED', `${request.source} must be ${expectedKind}`);
    }
    if (media.producers.some((p) => p.appData.source === request.source)) {
      throw new DomainError('INVALID_STATE', `you already publish your ${request.source}`);
    }
    const language = participant.grant.role === 'interpreter' ? participant.grant.language : undefined;
    // An interpreter's voice is only heard while the booth has them on air and not coughing.
    const holds: Hold[] = [];
    if (request.paused) holds.push('owner');
    // A speaker whose time is up stays muted when they publish again (a reload, a new device).
    if (request.source === 'microphone' && timeUpMuteAfter(this.#moderation.queue.current, participant.id, Date.now()) === 'keep') {
      holds.push('timeUp');
    }
    if (language !== undefined && !this.#isVoiceOfChannel(participant.id, language)) holds.push('offAir');
    const producer = await media.produce(request.transportId, request.kind, request.rtpParameters, holds.length > 0, {
      source: request.source,
      language,
    });
    const { placed } = this.peer(connection);
    await this.#published.add({ producer, participantId: participant.id, source: request.source, language }, connection, holds, placed.router);
    // The booth may have changed while the producer was being made.
    if (language !== undefined) this.#routeChannel(language);
    return producer.id;
  }

  /** The owner turns their own camera or microphone off or on (server mutes and routing stay). */
  async setOwnPaused(connection: ConnectionId, producerId: string, paused: boolean): Promise<void> {
    const producer = this.peer(connection).media.producer(producerId);
    await this.#published.setOwnerPaused(producer.id, paused);
  }

  closeOwnProducer(connection: ConnectionId, producerId: string): void {
    this.peer(connection).media.producer(producerId).close();
  }

  async consume(connection: ConnectionId, request: RequestPayload<'media:consume'>): Promise<ConsumeResult> {
    const { media, placed } = this.peer(connection);
    const published = await this.#bringProducer(request.producerId, placed.router);
    const consumer = await media.consume(request.transportId, request.producerId, request.rtpCapabilities, {
      source: published.source,
      language: published.language,
    });
    consumer.observer.once('close', () => {
      if (!this.#closed && this.#peers.has(connection)) {
        this.deps.outbox.send(connection, 'consumer:closed', { consumerId: consumer.id });
      }
    });
    return {
      consumerId: consumer.id,
      producerId: request.producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: true,
      producerPaused: consumer.producerPaused,
    };
  }

  /** Resumes a consumer; a channel's voice only while the connection listens to that channel. */
  async resumeConsumer(connection: ConnectionId, consumerId: string): Promise<void> {
    const consumer = this.peer(connection).media.consumer(consumerId);
    const language = consumer.appData.language as string | undefined;
    if (language !== undefined && !channelConsumerFlows(language, this.#interpretation.choiceOf(connection))) return;
    await consumer.resume();
  }

  /** What the connection hears: a channel (with the floor under it, mixed by the client) or the floor. */
  async selectLanguage(connection: ConnectionId, language: string | null): Promise<{ language: string | null; live: boolean }> {
    const { participant } = this.peer(connection);
    await this.#interpretation.choose(connection, language, participant.grant.role !== 'interpreter');
    await this.#applyChoice(connection);
    const booth = language === null ? undefined : this.#interpretation.booth(language);
    return { language, live: booth ? isLive(booth) : false };
  }

  async boothAction(connection: ConnectionId, action: InterpreterAction): Promise<Booth> {
    const { participant } = this.peer(connection);
    const booth = await this.#interpretation.act(participant, action);
    // An interpreter hears their input: the floor, or the relayed booth.
    if (action.type === 'setInput') {
      await this.selectLanguage(connection, action.input.kind === 'booth' ? action.input.language : null);
    }
    return booth;
  }

  /** A send transport only for those who may publish: stage roles, interpreters, whoever has the floor. */
  assertMaySend(connection: ConnectionId): void {
    const { participant } = this.peer(connection);
    assertMaySend(participant.grant, this.#moderation.hasFloor(participant.id));
  }

  raiseHand(connection: ConnectionId, hand: Parameters<SessionModeration['raiseHand']>[1]) {
    return this.#moderation.raiseHand(this.peer(connection).participant, hand);
  }

  queueFor(connection: ConnectionId) {
    this.peer(connection);
    return this.#moderation.queue;
  }

  lowerHand(connection: ConnectionId) {
    return this.#moderation.lowerHand(this.peer(connection).participant);
  }

  moderate(connection: ConnectionId, action: ModeratorAction) {
    return this.#moderation.moderate(this.peer(connection).participant, action);
  }

  /** An interpreter asks the current speaker to slow down; the speaker and moderators see it. */
  askToSlowDown(connection: ConnectionId): void {
    this.#moderation.askToSlowDown(this.peer(connection).participant);
  }

  /** A moderator mutes, mutes everyone, or removes someone; every process carries it out for its people. */
  async moderatePeople(connection: ConnectionId, action: ModerationMessage['action']): Promise<void> {
    assertModerator(this.peer(connection).participant.grant);
    await this.deps.stores.moderation.publish({ sessionId: this.info.id, action });
    // A removed person's hand must not stay up to be given the floor.
    if (action.type === 'remove') await this.#moderation.dropPerson(action.participantId);
  }

  /** Everyone in the session, on every server process. */
  async participantsFor(connection: ConnectionId): Promise<Participant[]> {
    assertModerator(this.peer(connection).participant.grant);
    return this.deps.stores.people.everyone(this.info.id);
  }

  /** Carries out a moderation action (from any process) for the people connected here. */
  applyModeration(action: ModerationMessage['action']): void {
    if (action.type === 'replaced') {
      if (action.by === this.deps.processId) return;
      const connection = this.roster.connectionOf(action.participantId);
      if (connection === undefined) return;
      // They are in the session through another process now: no one is told they left.
      this.leave(connection, { stillInSession: true }).catch((error: unknown) => this.#logger.warn({ err: error }, 'could not clean up a replaced connection'));
      this.deps.outbox.end(connection, 'REPLACED', 'you joined this session from another window');
      return;
    }
    if (action.type === 'remove') {
      const connection = this.roster.connectionOf(action.participantId);
      if (connection === undefined) return;
      this.leave(connection).catch((error: unknown) => this.#logger.warn({ err: error }, 'could not clean up a removed participant'));
      this.deps.outbox.end(connection, 'REMOVED', 'a moderator removed you from this session');
      return;
    }
    this.#published.muteMicrophones((participantId) => {
      if (action.type === 'mute') return participantId === action.participantId;
      const owner = this.roster.participant(participantId);
      return owner !== undefined && !isModerator(owner.grant);
    }, 'moderator');
  }

  /** Takes a queue change made on any process (through Redis) into this process's media. */
  syncQueue(queue: Parameters<SessionModeration['sync']>[0]): void {
    this.#moderation.sync(queue);
  }

  /** Takes a booth change made on any process (through Redis) into this process's media. */
  syncBooth(booth: Booth): void {
    this.#interpretation.sync(booth);
  }

  /** Another process's people or listener counts of this session changed. */
  countsChanged(name: string): void {
    if (name === 'participant') this.#headcount.othersChanged();
    if (name === 'listener') this.#interpretation.listenerCountsChanged();
  }

  /** A producer of another server process was added, paused, resumed or closed. */
  remoteProducerChanged(message: ProducerChangedMessage): void {
    if (this.#remote.apply(message) && message.change === 'added') this.#observeRemote(message.producer, message.processId);
  }

  /** Cleans up after server processes that went away: their interpreters, listeners, people and producers. */
  async sweepDeparted(): Promise<void> {
    await this.#interpretation.sweepDeparted();
    await this.#headcount.sweepDeparted();
    for (const participant of await this.deps.stores.people.sweepDeparted(this.info.id)) {
      this.deps.outbox.broadcast(this.info.id, 'participant:left', { participantId: participant.id });
    }
    for (const { producer } of await this.deps.stores.producers.sweepDeparted(this.info.id)) {
      this.#remote.forget(producer.id);
      this.deps.outbox.broadcast(this.info.id, 'producer:closed', { producerId: producer.id });
    }
  }

  /**
   * Ends every connection (the router is gone, the last person left, or the server stops) and
   * frees the media. This process's people leave the shared counts at once (they are counted
   * again where they re-join); resolves when the counts are updated.
   */
  async close(reason: EndReason, message: string): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#timeUp.stop();
    const people = this.roster.participants();
    for (const connection of [...this.#peers.keys()]) {
      this.#dropPeer(connection);
      this.deps.outbox.end(connection, reason, message);
    }
    this.media.close();
    await Promise.all([
      this.#interpretation.close(),
      this.#headcount.close(),
      ...people.map((participant) => this.deps.stores.people.left(this.info.id, participant.id)),
    ]).catch((error: unknown) => this.#logger.warn({ err: error }, 'could not take this process out of the shared counts'));
  }

  /** Makes a producer of the session, published here or on another process, consumable on `router`. */
  async #bringProducer(producerId: string, router: types.Router): Promise<Pick<ProducerInfo, 'source' | 'language'>> {
    const local = this.#published.get(producerId);
    if (local) {
      await this.media.bring(producerId, router);
      return local;
    }
    const remote = await this.#remote.find(producerId);
    if (!remote) throw new DomainError('NOT_FOUND', 'no such producer in this session');
    await this.media.bringFrom(remote.processId, producerId, router).catch((error: unknown) => {
      this.#logger.warn({ err: error, producerId, owner: remote.processId }, 'could not pipe a producer from another process');
      throw new DomainError('NOT_FOUND', 'that producer is not available now');
    });
    return remote.producer;
  }

  /** Every process's speaker observer hears the microphones published on the others too. */
  #observeRemote(producer: ProducerInfo, owner: string): void {
    if (producer.source !== 'microphone') return;
    this.media.observeRemote(owner, producer.id).catch((error: unknown) =>
      this.#logger.warn({ err: error, producerId: producer.id }, 'could not observe a microphone of another process'),
    );
  }

  #routeChannel(language: string): void {
    this.#published.routeChannel(language, (participantId) => this.#isVoiceOfChannel(participantId, language));
  }

  #isVoiceOfChannel(participantId: string, language: string): boolean {
    const booth = this.#interpretation.booth(language);
    return booth !== undefined && voiceOf(booth) === participantId;
  }

  /**
   * The floor is the only right an attendee has to the stage: when it is taken back, their
   * camera and microphone are closed here, on the server, not just hidden.
   */
  #enforceFloor(): void {
    this.#published.closeStageProducers(({ participantId, source }) => {
      const grant = this.roster.participant(participantId)?.grant;
      return !grant || mayPublish(grant, source, this.#moderation.hasFloor(participantId));
    });
  }

  async #applyChoice(connection: ConnectionId): Promise<void> {
    const { media } = this.peer(connection);
    const choice = this.#interpretation.choiceOf(connection);
    await Promise.all(
      media.consumers.flatMap((consumer) => {
        const language = consumer.appData.language as string | undefined;
        if (language === undefined) return [];
        return [channelConsumerFlows(language, choice) ? consumer.resume() : consumer.pause()];
      }),
    );
  }

  #dropPeer(connection: ConnectionId): void {
    const peer = this.#peers.get(connection);
    if (!peer) return;
    this.#peers.delete(connection);
    peer.media.close();
    this.media.peerLeft(peer.placed);
  }

  #restartPeersOn(slot: SessionRouter): void {
    for (const [connection, peer] of [...this.#peers]) {
      if (peer.placed !== slot) continue;
      this.leave(connection).catch((error: unknown) => this.#logger.warn({ err: error }, 'could not clean up after a media restart'));
      this.deps.outbox.end(connection, 'MEDIA_RESTARTED', 'the media server restarted; reconnecting');
    }
  }
}
