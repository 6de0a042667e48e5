import type { types } from 'mediasoup';
import {
  STAGE_ROLES,
  type Booth,
  type ConsumeResult,
  type JoinResult,
  type Participant,
  type ProducerInfo,
  type RequestPayload,
  type SenderInputReport,
  type SessionInfo,
} from '@multaqa/shared';
import { channelConsumerFlows, isLive, voiceOf } from '../domain/interpretation/booth.ts';
import { DomainError } from '../domain/errors.ts';
import { timeUpMuteAfter } from '../domain/moderation/timeUpMute.ts';
import { assertMayPublish, assertMaySend, assertModerator, isStageMember, mayPublish } from '../domain/session/permissions.ts';
import { Roster, type ConnectionId } from '../domain/session/roster.ts';
import type { Logger } from '../logger.ts';
import { PeerMedia } from '../media/peerMedia.ts';
import type { SessionMedia, SessionRouter } from '../media/sessionMedia.ts';
import { webRtcServerOf } from '../media/workerPool.ts';
import type { Hold } from '../media/producerHolds.ts';
import type { Limits } from './limits.ts';
import type { EndReason, Outbox } from './outbox.ts';
import type { ModerationStore } from '../store/moderationEvents.ts';
import type { PeopleDirectory } from '../store/peopleDirectory.ts';
import type { ProcessCounters } from '../store/processCounters.ts';
import type { ProducerChangedMessage, ProducerDirectory } from '../store/producerDirectory.ts';
import type { QueueStore } from '../store/queueStore.ts';
import type { RecordingMessage, RecordingStore } from '../store/recordingStore.ts';
import { assertMayRecord } from '../domain/recording/recordingState.ts';
import { SessionInterpretation, type InterpretationStores, type InterpreterAction } from './sessionInterpretation.ts';
import { SessionCoughs } from './sessionCoughs.ts';
import { SessionRecording, type RecordingConfig } from './sessionRecording.ts';
import { SessionModeration, type ModeratorAction } from './sessionModeration.ts';
import { SessionPeopleModeration } from './sessionPeopleModeration.ts';
import { QueuePresence } from './queuePresence.ts';
import { SessionProducers } from './sessionProducers.ts';
import { BroadcastTally } from './broadcastTally.ts';
import { RemoteProducers } from './remoteProducers.ts';
import { SpeakerTimeUp } from './speakerTimeUp.ts';
import { FloorSound } from './floorSound.ts';
import type { AudioStreamReport, SessionReport } from './sessionReport.ts';

/** What LiveSessions says when it closes a session nobody is in. */
export const SESSION_CLOSED = 'the session closed';

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
    recordings: RecordingStore;
  };
  recording: RecordingConfig;
  /**
   * The session has nobody in it on any process and nothing keeps it open here any more (a
   * recording kept it open after its last person here left): it may be closed.
   */
  onIdle?: (session: LiveSession) => void;
  /** This server process (owner of what is published here, in the producer directory). */
  processId: string;
  /** How often people may do what (raise hands, change booths, chat), across processes. */
  limits: Limits;
  /** How long an interpreter whose connection dropped keeps their booth place. */
  reconnectGraceMs: number;
  /** Whether Redis answers now (a cough still silences when it does not). */
  storeReady: () => boolean;
  /**
   * False for a grace period after Redis came back: until every process has said again who is
   * connected there, someone missing from the directory may only not be re-announced yet.
   */
  presenceSettled: () => boolean;
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
  #people!: SessionPeopleModeration;
  #queuePresence!: QueuePresence;
  #coughs!: SessionCoughs;
  #recording!: SessionRecording;
  #floorSound!: FloorSound;
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
      onActiveSpeaker: (participantId) => session.#recording?.activeSpeakerChanged(participantId),
    });
    for (const { producer, processId } of session.#remote.entries) session.#observeRemote(producer, processId);
    session.#floorSound = new FloorSound({
      sessionId: info.id,
      published: () => session.#published.list(),
      ownerOf: (producerId) => session.#published.ownerOf(producerId),
      levelOf: (producerId) => media.levels.levelOf(producerId),
      outbox: deps.outbox,
      logger: session.#logger,
    });
    // An edge router's worker died: its people re-join and are placed on a live router.
    media.onRouterClosed((slot) => {
      if (!slot.home) session.#restartPeersOn(slot);
    });
    session.#interpretation = await SessionInterpretation.load(info, deps.stores, deps.outbox, session.#logger, (booth) => {
      session.#routeChannel(booth.language);
      session.#recording?.boothChanged(booth);
    });
    session.#coughs = new SessionCoughs({
      silence: (participantId, coughing) => session.#published.setCough(participantId, coughing),
      preview: (participant, muted) => session.#interpretation.preview(participant, { type: 'setMuted', muted }),
      tell: async (participant, muted) => {
        if (participant.grant.role !== 'interpreter' || session.#interpretation.booth(participant.grant.language)?.onAir !== participant.id) return;
        await session.#interpretation.act(participant, { type: 'setMuted', muted });
      },
      participant: (participantId) => session.roster.participant(participantId),
      storeReady: deps.storeReady,
      logger: session.#logger,
    });
    session.#moderation = await SessionModeration.load(info, deps.stores.queues, deps.outbox, deps.limits, (queue) => {
      session.#recording?.floorChanged(queue);
      session.#enforceFloor();
      session.#published.reviewTimeUpMutes((participantId) => timeUpMuteAfter(queue.current, participantId, Date.now()));
      session.#timeUp.schedule(queue.current);
      session.#queuePresence?.queueChanged().catch((error: unknown) => session.#logger.warn({ err: error }, 'could not tell who in the queue is connected'));
    });
    session.#timeUp.schedule(session.#moderation.queue.current);
    session.#queuePresence = new QueuePresence(info.id, session.roster, deps.stores.people, deps.outbox, () => session.#moderation.queue, deps.presenceSettled);
    session.#people = new SessionPeopleModeration(info, session.roster, deps.stores, deps.outbox, {
      processId: deps.processId,
      leave: (connection, options) => session.leave(connection, options),
      muteMicrophones: (who, by) => session.#published.muteMicrophones(who, 'moderator', by),
      dropFromQueue: (participantId, actor) => session.#moderation.dropPerson(participantId, actor),
      logger: session.#logger,
    });
    session.#headcount = await BroadcastTally.open(
      deps.stores.participants,
      info.id,
      () => ({ [PRESENT]: session.roster.count }),
      (totals) => {
        deps.outbox.broadcastHere(info.id, 'session:countChanged', { participantCount: totals[PRESENT] ?? 0 });
        session.#stopRecordingIfEmpty(totals[PRESENT] ?? 0);
      },
      session.#logger,
    );
    session.#recording = await SessionRecording.load({
      session: {
        info,
        router: () => media.home.router,
        bring: async (producerId) => void (await session.#bringProducer(producerId, media.home.router)),
        producers: () => [...session.#published.infos(), ...session.#remote.infos()],
        queue: () => session.#moderation.queue,
        booths: () => session.#interpretation.booths(),
        activeSpeakerId: () => session.#published.activeSpeakerId,
        voiceOf: (language) => {
          const booth = session.#interpretation.booth(language);
          return booth ? voiceOf(booth) : null;
        },
        people: () => deps.stores.people.everyone(info.id),
      },
      config: deps.recording,
      store: deps.stores.recordings,
      outbox: deps.outbox,
      processId: deps.processId,
      logger: session.#logger,
    });
    return session;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.media.rtpCapabilities;
  }

  mediaLoad() {
    return this.media.load();
  }

  /** What this process knows of the session now (no I/O): for metrics and the operator view. */
  report(): SessionReport {
    return {
      sessionId: this.info.id,
      participants: { here: this.roster.count, all: this.#headcount.totals[PRESENT] ?? 0 },
      listeners: { here: this.#interpretation.ownCounts(), all: this.#interpretation.counts() },
      booths: this.#interpretation.booths(),
      queue: this.#moderation.queue,
      voices: this.#published.list().flatMap(({ producer, participantId, source, language }) =>
        source === 'interpretation' && language !== undefined
          ? [{ participantId, language, paused: producer.paused, level: this.media.levels.levelOf(producer.id) }]
          : [],
      ),
      routers: this.media.load(),
    };
  }

  /** How the audio published here arrives: one stats request per producer (not per consumer). */
  async audioStreams(): Promise<AudioStreamReport[]> {
    const audio = this.#published.list().filter(({ producer }) => producer.kind === 'audio' && !producer.closed);
    const measured = await Promise.all(audio.map(async (published) => ({ published, stats: await published.producer.getStats().catch(() => []) })));
    return measured.flatMap(({ published: { source, language }, stats }) =>
      stats.map((stat) => ({
        source,
        language,
        packets: stat.packetCount,
        packetsLost: Math.max(0, stat.packetsLost),
        // The worker keeps RTCP's 8-bit fixed point: 256 is everything.
        fractionLost: stat.fractionLost / 256,
        score: stat.score,
      })),
    );
  }

  /** The session's media here, for other processes piping its producers out. */
  get exportingMedia(): SessionMedia {
    return this.media;
  }

  /** Nobody is in it, no join is on its way into it, and it is not being recorded here. */
  get isEmpty(): boolean {
    return this.roster.isEmpty && this.#reservations === 0 && this.#recording?.recordingHere !== true;
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
    // Someone with a hand up is back: the queue no longer marks them.
    this.#queuePresence.changed(participant.id).catch((error: unknown) => this.#logger.warn({ err: error }, 'could not tell who in the queue is connected'));
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
      queueAbsent: await this.#queuePresence.absent(),
      serverTime: Date.now(),
      recording: this.#recording.status,
    };
  }

  /**
   * Removes the connection and everything it published. Returns whether the person left. A
   * connection that `dropped` (network, a closed laptop) rather than left keeps an interpreter's
   * booth place for the grace period, for the reconnect.
   */
  async leave(connection: ConnectionId, { stillInSession = false, dropped = false } = {}): Promise<boolean> {
    const peer = this.#peers.get(connection);
    if (!peer) return false;
    this.#dropPeer(connection);
    const left = this.roster.leave(peer.participant.id, connection);
    this.#interpretation.forget(connection);
    if (left) {
      if (peer.participant.grant.role !== 'attendee' && !stillInSession) {
        this.deps.outbox.broadcast(this.info.id, 'participant:left', { participantId: peer.participant.id });
      }
      if (dropped && peer.participant.grant.role === 'interpreter') {
        this.#interpretation.removeInterpreterLater(
          peer.participant,
          this.deps.reconnectGraceMs,
          () => this.roster.connectionOf(peer.participant.id) === undefined,
          (error) => this.#logger.warn({ err: error }, 'could not take an interpreter who did not come back out of their booth'),
        );
      } else {
        await this.#interpretation.removeInterpreter(peer.participant);
      }
      await this.deps.stores.people.left(this.info.id, peer.participant.id);
      this.#headcount.changed();
      if (!stillInSession) await this.#queuePresence.changed(peer.participant.id).catch((error: unknown) => this.#logger.warn({ err: error }, 'could not tell who in the queue is connected'));
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
    this.#recording.producerAdded({ id: producer.id, participantId: participant.id, kind: producer.kind, source: request.source, paused: producer.paused, ...(language ? { language } : {}) });
    // The booth may have changed while the producer was being made.
    if (language !== undefined) this.#routeChannel(language);
    return producer.id;
  }

  /** The owner turns their own camera or microphone off or on (server mutes and routing stay). */
  async setOwnPaused(connection: ConnectionId, producerId: string, paused: boolean): Promise<void> {
    const producer = this.peer(connection).media.producer(producerId);
    await this.#published.setOwnerPaused(producer.id, paused);
  }

  /** The owner's browser measured its microphone (NOT_FOUND: not a producer of this connection). */
  reportInput(connection: ConnectionId, producerId: string, report: SenderInputReport): void {
    const producer = this.peer(connection).media.producer(producerId);
    this.#floorSound.senderReport(this.peer(connection).participant.id, producer.id, report);
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
    const { media } = this.peer(connection);
    const language = media.consumer(consumerId).appData.language as string | undefined;
    if (language !== undefined && !channelConsumerFlows(language, this.#interpretation.choiceOf(connection))) return;
    await media.setConsumerPaused(consumerId, false);
  }

  /** What the connection hears: a channel (with the floor under it, mixed by the client) or the floor. */
  async selectLanguage(connection: ConnectionId, language: string | null): Promise<{ language: string | null; live: boolean }> {
    const { participant } = this.peer(connection);
    await this.#interpretation.choose(connection, language, participant.grant.role !== 'interpreter');
    await this.#applyChoice(connection);
    const booth = language === null ? undefined : this.#interpretation.booth(language);
    return { language, live: booth ? isLive(booth) : false };
  }

  /** An interpreter's cough button: silent at once, whatever Redis does (see SessionCoughs). */
  cough(connection: ConnectionId, muted: boolean): Promise<Booth> {
    return this.#coughs.cough(this.peer(connection).participant, muted);
  }

  async boothAction(connection: ConnectionId, action: Exclude<InterpreterAction, { type: 'setMuted' }>): Promise<Booth> {
    const { participant } = this.peer(connection);
    await this.deps.limits.take('booth', participant.id);
    const booth = await this.#interpretation.act(participant, action);
    // An interpreter hears their input: the floor, or the relayed booth.
    if (action.type === 'setInput') {
      await this.selectLanguage(connection, action.input.kind === 'booth' ? action.input.language : null);
    }
    return booth;
  }

  /** An interpreter's message to their booth partners. */
  async sendBoothChat(connection: ConnectionId, text: string): Promise<void> {
    const { participant } = this.peer(connection);
    if (participant.grant.role !== 'interpreter') throw new DomainError('FORBIDDEN', 'only interpreters use the booth chat');
    await this.deps.limits.take('chat', participant.id);
    const { language } = participant.grant;
    this.deps.outbox.toBooth(this.info.id, language, 'booth:chatMessage', {
      language,
      from: { id: participant.id, name: participant.name },
      text,
      sentAt: new Date().toISOString(),
    });
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

  /** A moderator's action on the queue or the floor; the floor goes only to someone connected. */
  async moderate(connection: ConnectionId, action: ModeratorAction) {
    const { participant } = this.peer(connection);
    assertModerator(participant.grant);
    if (action.type === 'giveFloor') await this.#queuePresence.assertPresent(action.participantId);
    if (action.type === 'nextSpeaker') {
      // Next is the first hand of someone who is here (those who are not keep their place).
      const next = await this.#queuePresence.firstPresent();
      if (next !== this.#moderation.queue.entries[0]?.participantId) {
        const { type: _next, ...turn } = action;
        return this.#moderation.moderate(participant, { type: 'giveFloor', participantId: next, ...turn });
      }
    }
    return this.#moderation.moderate(participant, action);
  }

  /** Leaving on purpose (the Leave button): the person's hand goes down, and the floor if they have it. */
  async leaveOnPurpose(connection: ConnectionId): Promise<void> {
    const { participant } = this.peer(connection);
    const { entries, current } = this.#moderation.queue;
    if (current?.participantId === participant.id || entries.some((entry) => entry.participantId === participant.id)) {
      await this.#moderation.dropPerson(participant.id);
    }
  }

  /** An interpreter asks the current speaker to slow down; the speaker and moderators see it. */
  askToSlowDown(connection: ConnectionId): Promise<void> {
    return this.#moderation.askToSlowDown(this.peer(connection).participant);
  }

  /** The participant list, mutes and removals (moderators), and their effect here. */
  get people(): SessionPeopleModeration {
    return this.#people;
  }

  /** The session's recording, to a moderator or organizer (FORBIDDEN to anyone else), who starts or stops it as `by`. */
  recordingFor(connection: ConnectionId): { recording: SessionRecording; by: { id: string; name: string } } {
    const { participant } = this.peer(connection);
    assertMayRecord(participant.grant);
    return { recording: this.#recording, by: { id: participant.id, name: participant.name } };
  }

  /** A recording change published by any process. */
  recordingMessage(message: RecordingMessage): void {
    this.#recording.message(message);
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
    if (this.#remote.apply(message) && message.change === 'added') {
      this.#observeRemote(message.producer, message.processId);
      this.#recording.producerAdded(message.producer);
    }
  }

  /**
   * Redis came back after an outage: the shared state is read again (and written back where
   * Redis lost it), and this process says again who and what it has in the session.
   */
  async resync(): Promise<void> {
    const people = this.roster.participants();
    await this.deps.stores.people.restore(this.info.id, people.map((participant) => ({ participant, onStage: isStageMember(participant.grant) })));
    await this.deps.stores.producers.restore(this.info.id, this.#published.infos());
    await this.#interpretation.resync(people);
    await this.#coughs.tellBooths();
    await this.#moderation.resync();
    await this.#recording.resync();
    this.#headcount.changed();
  }

  /** Cleans up after server processes that went away: their interpreters, listeners, people and producers. */
  async sweepDeparted(): Promise<void> {
    await this.#interpretation.sweepDeparted();
    await this.#headcount.sweepDeparted();
    const departed = await this.deps.stores.people.sweepDeparted(this.info.id);
    for (const participant of departed.stage) this.deps.outbox.broadcast(this.info.id, 'participant:left', { participantId: participant.id });
    if (departed.everyone.length > 0) await this.#queuePresence.announce();
    for (const { producer } of await this.deps.stores.producers.sweepDeparted(this.info.id)) {
      this.#remote.forget(producer.id);
      this.deps.outbox.broadcast(this.info.id, 'producer:closed', { producerId: producer.id });
    }
    await this.#recording.sweepDeparted();
  }

  /**
   * Ends every connection (the router is gone, the last person left, or the server stops) and
   * frees the media. This process's people leave the shared counts at once (they are counted
   * again where they re-join); resolves when the counts are updated. `processStays`: the last
   * person left and the process goes on, so interpreters awaited after a dropped connection
   * leave their booths now (no sweep would ever take them out).
   */
  async close(reason: EndReason, message: string, { processStays = false } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#timeUp.stop();
    this.#floorSound.stop();
    // Before the media goes: the files are finished with what was recorded up to now.
    await this.#recording
      .stop(reason === 'SERVER_SHUTDOWN' ? (message === SESSION_CLOSED ? 'sessionClosed' : 'serverShutdown') : 'mediaRestarted')
      .catch((error: unknown) => this.#logger.warn({ err: error }, 'could not finish the recording'));
    const people = this.roster.participants();
    for (const connection of [...this.#peers.keys()]) {
      this.#dropPeer(connection);
      this.deps.outbox.end(connection, reason, message);
    }
    this.media.close();
    await Promise.all([
      this.#interpretation.close({ releaseAwaited: processStays }),
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

  /**
   * A recording keeps the session open here after its last person here left, as long as
   * anyone is in it on any process; once nobody is, it stops, and the session may close.
   */
  #stopRecordingIfEmpty(everywhere: number): void {
    if (everywhere > 0 || !this.roster.isEmpty || this.#reservations > 0 || this.#recording?.recordingHere !== true || this.#closed) return;
    this.#recording
      .stop('sessionClosed')
      .catch((error: unknown) => this.#logger.warn({ err: error }, 'could not stop the recording of an empty session'))
      .finally(() => this.deps.onIdle?.(this));
  }

  /** Every process's speaker observer hears the microphones published on the others too. */
  #observeRemote(producer: ProducerInfo, owner: string): void {
    if (producer.source !== 'microphone') return;
    this.media.observeRemote(owner, producer.id).catch((error: unknown) =>
      this.#logger.warn({ err: error, producerId: producer.id }, 'could not observe a microphone of another process'),
    );
  }

  #routeChannel(language: string): void {
    this.#published.routeChannel(
      language,
      (participantId) => this.#isVoiceOfChannel(participantId, language),
      (participantId) => this.#interpretation.booth(language)?.onAir === participantId,
    );
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
