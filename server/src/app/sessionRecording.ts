import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import type { Booth, Participant, ProducerInfo, RecordingStatus, SessionInfo, SpeakerQueue } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import type { DiskShortage } from '../domain/recording/diskSpace.ts';
import { RecordingLog, type Person, type StopReason, type TrackInfo } from '../domain/recording/recordingLog.ts';
import { FailureNotices, type TrackFailure } from '../domain/recording/trackParts.ts';
import { IDLE, nextRecordingState, type RecordingEvent, type RecordingState } from '../domain/recording/recordingState.ts';
import type { Logger } from '../logger.ts';
import { RecordingMedia, type ProducerToRecord } from '../media/recording/recordingMedia.ts';
import type { TrackSummary, WriterStop } from '../media/recording/recordedTrack.ts';
import type { RecordingArchive, Manifest } from '../store/recordingArchive.ts';
import type { RecordingClaim, RecordingMessage, RecordingStore } from '../store/recordingStore.ts';
import type { Outbox } from './outbox.ts';
import { RecordingDiskWatch } from './recordingDisk.ts';
import { addFloorMix } from './recordingFloorMix.ts';
import { RecordingLease } from './recordingLease.ts';

type ManifestTrack = Manifest['tracks'][number];

/** `minFreeMb`: the free space the recordings disk keeps (RECORDINGS_MIN_FREE_MB). */
export type RecordingConfig = { archive: RecordingArchive; ffmpeg: string; minFreeMb: number };

/** What a recording reads of its session. */
export type RecordedSession = {
  info: SessionInfo;
  /** The home router, where every producer of the session is or can be brought. */
  router: () => types.Router;
  bring: (producerId: string) => Promise<void>;
  /** Every producer of the session, on every process. */
  producers: () => ProducerInfo[];
  queue: () => SpeakerQueue;
  booths: () => Booth[];
  activeSpeakerId: () => string | null;
  voiceOf: (language: string) => string | null;
  /** Everyone in the session on every process (for names in the log). */
  people: () => Promise<Participant[]>;
};

export type SessionRecordingDeps = {
  session: RecordedSession;
  config: RecordingConfig;
  store: RecordingStore;
  outbox: Outbox;
  processId: string;
  logger: Logger;
};

/** How long a moderator's stop waits for the recording process to finish the files. */
const REMOTE_STOP_TIMEOUT_MS = 30_000;
/** The log on disk follows the session this closely (a crash loses at most this much of it). */
const LOG_WRITE_DELAY_MS = 1_000;

/**
 * Recording one session: started and stopped by moderators on any server process, carried
 * out by the process where it was started (its RecordingMedia on the session's home router),
 * shown to everyone on every process. The recording process writes the speaker log from the
 * session's changes as they reach it, and the manifest of the files when they are done.
 */
export class SessionRecording {
  #state: RecordingState = IDLE;
  /** The recording of the session as every process knows it (from Redis), whoever records it. */
  #shared: RecordingClaim | null = null;
  #media: RecordingMedia | undefined;
  #log: RecordingLog | undefined;
  #names = new Map<string, string>();
  #tracksBeforeLog: TrackInfo[] = [];
  /** The tracks so far, for the manifest while the recording runs (a crash leaves them listed). */
  readonly #tracks = new Map<string, ManifestTrack>();
  #failureNotices = new FailureNotices();
  #starting: Promise<RecordingStatus> | undefined;
  #finishing: Promise<void> | undefined;
  /** Floor mixes being made after their recordings ended. */
  readonly #mixing = new Set<Promise<void>>();
  #logTimer: NodeJS.Timeout | undefined;
  readonly #sharedWaiters = new Set<() => void>();
  readonly #lease: RecordingLease;
  readonly #disk: RecordingDiskWatch;

  private constructor(private readonly deps: SessionRecordingDeps) {
    this.#lease = new RecordingLease(deps.store, deps.session.info.id, deps.logger, (id) => this.#claimLost(id));
    this.#disk = new RecordingDiskWatch(() => deps.config.archive.freeBytes(), deps.config.minFreeMb, deps.logger);
  }

  static async load(deps: SessionRecordingDeps): Promise<SessionRecording> {
    const recording = new SessionRecording(deps);
    const current = await deps.store.current(deps.session.info.id);
    recording.#shared = running(current);
    return recording;
  }

  /** What everyone sees: the recording running in the session, or null. */
  get status(): RecordingStatus | null {
    return statusOf(this.#shared);
  }

  /** Whether this process records the session now (or finishes its files). */
  get recordingHere(): boolean {
    return this.#state.phase !== 'idle';
  }

  /** Starts recording, by `person` (a moderator or organizer: the caller checked). */
  async start(person: Person): Promise<RecordingStatus> {
    const starting = this.#start(person);
    this.#starting = starting;
    try {
      return await starting;
    } finally {
      if (this.#starting === starting) this.#starting = undefined;
    }
  }

  async #start(person: Person): Promise<RecordingStatus> {
    const sessionId = this.deps.session.info.id;
    const id = randomUUID();
    this.#apply({ type: 'start', id, by: person });
    const claim: RecordingClaim = { id, processId: this.deps.processId, by: person, startedAt: null };
    let claimed = false;
    let began: RecordingClaim;
    try {
      await this.#disk.assertRoom();
      const taken = await this.deps.store.claim(sessionId, claim);
      if (!taken.ok) throw new DomainError('INVALID_STATE', `this session is being recorded already (started by ${taken.holder.by.name})`);
      claimed = true;
      this.#lease.hold(claim);
      const dir = await this.deps.config.archive.create(sessionId, id);
      await this.#refreshNames();
      this.#media = await RecordingMedia.open(
        {
          router: this.deps.session.router(),
          dir,
          ffmpeg: this.deps.config.ffmpeg,
          languages: this.deps.session.info.interpretationLanguages,
          voiceOf: (language) => this.deps.session.voiceOf(language),
          bring: (producerId) => this.deps.session.bring(producerId),
          onTrackStarted: (track, now) => {
            const startedAt = this.#state.phase === 'recording' ? this.#state.startedAt : undefined;
            this.#tracks.set(track.file, { ...track, startOffsetMs: startedAt === undefined ? 0 : Math.max(0, now - startedAt) });
            if (this.#log) this.#log.trackStarted(track, now);
            else this.#tracksBeforeLog.push(track);
            this.#scheduleWrite();
          },
          onTrackContinued: (track, now) => {
            if (track.participant) this.#log?.trackContinued(track.file, track.participant, now);
            this.#scheduleWrite();
          },
          onTrackStopped: (track, now, cause) => this.#trackStopped(track, now, cause),
          onTrackEnded: (track, now) => {
            this.#tracks.set(track.file, manifestTrack(track));
            this.#log?.trackEnded(track.file, now, track.stoppedEarly !== undefined);
            if (track.failed) this.#trackFailed(track, track.failed, now);
            this.#scheduleWrite();
          },
          onNoVideo: (track, now) => this.#trackFailed(track, { reason: 'noMedia' }, now),
          logger: this.deps.logger.child({ recording: id }),
        },
        this.deps.session.producers().map((producer) => this.#toRecord(producer)),
      );
      const startedAt = this.#media.begin();
      // What changed while the tracks were set up: who is on air, and who published since.
      for (const language of this.deps.session.info.interpretationLanguages) this.#media.setVoice(language, this.deps.session.voiceOf(language));
      for (const producer of this.deps.session.producers()) this.#record(this.#media, producer);
      this.#apply({ type: 'started', at: startedAt });
      this.#log = new RecordingLog(startedAt, {
        by: person,
        queue: this.deps.session.queue(),
        booths: this.deps.session.booths(),
        activeSpeaker: this.#person(this.deps.session.activeSpeakerId()),
      });
      for (const track of this.#tracksBeforeLog.splice(0)) this.#log.trackStarted(track, startedAt);
      await this.deps.config.archive.writeManifest(this.#manifest(startedAt, null, [...this.#tracks.values()]));
      await this.deps.config.archive.writeLog(sessionId, id, this.#log.toJSON());
      began = { ...claim, startedAt };
      // Every process (this one too) hears it from Redis and tells its people.
      if (!(await this.deps.store.began(sessionId, began))) throw new Error('the recording claim was taken away');
      this.#lease.hold(began);
      this.#disk.watch((shortage) => this.#diskShort(shortage));
      this.deps.logger.info({ session: sessionId, recording: id, by: person.id }, 'recording started');
    } catch (error) {
      const media = this.#media;
      this.#media = undefined;
      this.#log = undefined;
      this.#tracks.clear();
      this.#tracksBeforeLog = [];
      await media?.finish().catch(() => undefined);
      if (claimed) await this.#lease.release(id);
      this.#state = IDLE;
      if (error instanceof DomainError) throw error;
      this.deps.logger.error({ err: error, session: sessionId }, 'could not start recording');
      throw new DomainError('UNAVAILABLE', 'the recording could not be started');
    }
    // A stop that came while the tracks were being set up (the session closed, the server stops).
    if (this.#state.phase === 'stopping') await this.#finish();
    return statusOf(began)!;
  }

  /**
   * Stops the recording: here, or by asking the process that records it (a moderator's stop
   * only). Resolves once the files are written. `reason` other than 'stopped' (the session
   * closing, the server stopping) stops only a recording of this process, and nothing if none.
   */
  async stop(reason: StopReason, person?: Person): Promise<void> {
    if (this.#state.phase !== 'idle') {
      this.#apply({ type: 'stop', reason, ...(person ? { by: person } : {}) });
      // A recording still starting is finished by start() once its tracks are ready.
      if (this.#state.phase === 'starting') await this.#starting?.catch(() => undefined);
      else await this.#finish();
      if (reason !== 'stopped') await Promise.all(this.#mixing);
      return;
    }
    if (reason !== 'stopped') {
      // The session or the server closes: the floor mixes are finished first too.
      await Promise.all(this.#mixing);
      return;
    }
    const shared = this.#shared;
    if (!shared) throw new DomainError('INVALID_STATE', 'this session is not being recorded');
    await this.deps.store.requestStop(this.deps.session.info.id, shared.id, person!);
    const stopped = await this.#untilShared((current) => current?.id !== shared.id, REMOTE_STOP_TIMEOUT_MS);
    if (stopped) return;
    // The recording process may have died: its claim goes once it is known to be gone.
    await this.deps.store.releaseDeparted(this.deps.session.info.id);
    if (this.#shared?.id === shared.id) throw new DomainError('UNAVAILABLE', 'the server recording this session did not answer; try again');
  }

  /** A change of the session's recording, published by any process (this one too). */
  message(message: RecordingMessage): void {
    if (message.kind === 'stop') {
      if (this.#state.phase === 'recording' && this.#state.id === message.recordingId) {
        this.stop('stopped', message.by).catch((error: unknown) =>
          this.deps.logger.warn({ err: error }, 'could not stop the recording'),
        );
      }
      return;
    }
    // A late word of a recording that ended, when another is shown by now.
    if (message.endedId !== undefined && this.#shared && this.#shared.id !== message.endedId) return;
    const next = running(message.recording);
    const before = this.status;
    this.#shared = next;
    for (const wake of this.#sharedWaiters) wake();
    const after = this.status;
    if (before?.id === after?.id) return;
    this.deps.outbox.broadcastHere(this.deps.session.info.id, 'recording:changed', {
      recording: after,
      ...(message.interrupted && !after ? { interrupted: true } : {}),
    });
  }

  /** A producer was published in the session (here or on another process). */
  producerAdded(producer: ProducerInfo): void {
    if (this.#media && this.#state.phase === 'recording') this.#record(this.#media, producer);
  }

  boothChanged(booth: Booth): void {
    this.#media?.setVoice(booth.language, this.deps.session.voiceOf(booth.language));
    if (!this.#log || this.#state.phase !== 'recording') return;
    this.#log.boothChanged(booth, Date.now());
    this.#scheduleWrite();
  }

  floorChanged(queue: SpeakerQueue): void {
    if (!this.#log || this.#state.phase !== 'recording') return;
    this.#log.floorChanged(queue, Date.now());
    this.#scheduleWrite();
  }

  activeSpeakerChanged(participantId: string | null): void {
    if (!this.#log || this.#state.phase !== 'recording') return;
    this.#log.activeSpeakerChanged(this.#person(participantId), Date.now());
    this.#scheduleWrite();
  }

  /**
   * A recording whose process went away is over for everyone; so is one whose claim lapsed
   * (its process stopped renewing it) without this process hearing of its end.
   */
  async sweepDeparted(): Promise<void> {
    const sessionId = this.deps.session.info.id;
    await this.deps.store.releaseDeparted(sessionId);
    const shown = this.#shared;
    if (!shown || this.recordingHere) return;
    const current = running(await this.deps.store.current(sessionId));
    if (current?.id === shown.id) return;
    this.message({ kind: 'changed', sessionId, recording: current, ...(current ? {} : { interrupted: true, endedId: shown.id }) });
  }

  /** Redis is back, maybe without its data: this process's claim is put back, or its release made. */
  resync(): Promise<void> {
    return this.#lease.resync();
  }

  /** A track's writer died: the moderators hear of it at once; the rest goes on (unless the disk is full). */
  #trackStopped({ file, source, language, participant, part }: TrackInfo, now: number, cause: WriterStop): void {
    const state = this.#state;
    // (A floor mix is made after the recording, never written live.)
    if ((state.phase !== 'starting' && state.phase !== 'recording') || source === 'floor') return;
    const atMs = state.phase === 'recording' ? Math.max(0, now - state.startedAt) : 0;
    const track = { file, source, ...(language ? { language } : {}), ...(participant ? { participant } : {}), ...(part ? { part } : {}) };
    this.deps.outbox.toChair(this.deps.session.info.id, 'recording:faulted', { fault: 'trackStopped', recordingId: state.id, track, cause, atMs });
    void this.#disk.check();
  }

  /** A track has no playable file (or a camera gives no picture): the moderators hear of it as it is known, once. */
  #trackFailed({ file, source, language, participant, part }: TrackInfo, failure: TrackFailure, now: number): void {
    const state = this.#state;
    if (state.phase === 'idle' || source === 'floor' || !this.#failureNotices.tell(file, failure)) return;
    const atMs = state.phase === 'starting' || state.startedAt === null ? 0 : Math.max(0, Math.round(now - state.startedAt));
    const track = { file, source, ...(language ? { language } : {}), ...(participant ? { participant } : {}), ...(part ? { part } : {}) };
    this.deps.outbox.toChair(this.deps.session.info.id, 'recording:faulted', { fault: 'trackFailed', recordingId: state.id, track, ...failure, atMs });
  }

  /** The disk fell below the floor: stopped while the files can still be finished, and the moderators told why. */
  #diskShort(shortage: DiskShortage): void {
    const state = this.#state;
    if (state.phase !== 'recording') return;
    this.deps.logger.warn({ session: this.deps.session.info.id, recording: state.id, ...shortage }, 'the recordings disk is nearly full; stopping the recording');
    this.deps.outbox.toChair(this.deps.session.info.id, 'recording:faulted', { fault: 'diskFull', recordingId: state.id, ...shortage });
    this.stop('diskFull').catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not stop the recording'));
  }

  #claimLost(recordingId: string): void {
    if (this.#state.phase !== 'recording' || this.#state.id !== recordingId) return;
    // Another recording of the session started meanwhile (Redis lost this one's claim): two would run, and only that one can be stopped.
    this.deps.logger.error({ session: this.deps.session.info.id, recording: recordingId }, 'the recording lost its claim to another recording; stopping it');
    this.stop('failed').catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not stop the recording'));
  }

  async #finish(): Promise<void> {
    this.#finishing ??= (async () => {
      const state = this.#state;
      if (state.phase !== 'stopping') return;
      const sessionId = this.deps.session.info.id;
      const now = Date.now();
      clearTimeout(this.#logTimer);
      this.#disk.stop();
      this.#log?.stop(state.stop.reason, now, state.stop.by);
      let tracks: TrackSummary[] = [];
      try {
        tracks = (await this.#media?.finish()) ?? [];
      } catch (error) {
        this.deps.logger.error({ err: error, recording: state.id }, 'could not finish the recording media');
      }
      for (const track of tracks) if (track.failed) this.#trackFailed(track, track.failed, now);
      const manifest = this.#manifest(state.startedAt ?? now, now, tracks.map(manifestTrack), state.stop.reason);
      try {
        if (this.#log) await this.deps.config.archive.writeLog(sessionId, state.id, this.#log.toJSON());
        await this.deps.config.archive.writeManifest(manifest);
      } catch (error) {
        this.deps.logger.error({ err: error, recording: state.id }, 'could not write the recording manifest');
      }
      this.#mixFloor(manifest, (state.startedAt === null ? 0 : now - state.startedAt));
      // The indicator goes once the files are there to list (finishing them takes a moment).
      await this.#lease.release(state.id);
      this.deps.logger.info({ session: sessionId, recording: state.id, reason: state.stop.reason, tracks: tracks.length }, 'recording stopped');
      this.#media = undefined;
      this.#log = undefined;
      this.#tracks.clear();
      this.#failureNotices = new FailureNotices();
      this.#apply({ type: 'finished' });
    })().finally(() => (this.#finishing = undefined));
    await this.#finishing;
  }

  /** The floor mix of a finished recording, added to its manifest once it is made. */
  #mixFloor(manifest: Manifest, lengthMs: number): void {
    const { archive, ffmpeg } = this.deps.config;
    const mixing = addFloorMix(manifest, lengthMs, { archive, ffmpeg, language: this.deps.session.info.floorLanguage, logger: this.deps.logger });
    if (!mixing) return;
    const tracked = mixing.finally(() => this.#mixing.delete(tracked));
    this.#mixing.add(tracked);
  }

  #apply(event: RecordingEvent): void {
    this.#state = nextRecordingState(this.#state, event);
  }

  #manifest(startedAt: number, stoppedAt: number | null, tracks: ManifestTrack[], stopReason?: StopReason): Manifest {
    const state = this.#state;
    if (state.phase === 'idle') throw new Error('no recording');
    return {
      id: state.id,
      sessionId: this.deps.session.info.id,
      processId: this.deps.processId,
      by: state.by,
      startedAt: new Date(startedAt).toISOString(),
      stoppedAt: stoppedAt === null ? null : new Date(stoppedAt).toISOString(),
      status: stoppedAt === null ? 'recording' : 'complete',
      ...(stopReason ? { stopReason } : {}),
      tracks,
    };
  }

  /** The log and the manifest on disk follow the recording (soon after each change). */
  #scheduleWrite(): void {
    if (this.#logTimer || !this.#log) return;
    this.#logTimer = setTimeout(() => {
      this.#logTimer = undefined;
      const state = this.#state;
      if (!this.#log || state.phase !== 'recording') return;
      const { archive } = this.deps.config;
      Promise.all([
        archive.writeLog(this.deps.session.info.id, state.id, this.#log.toJSON()),
        archive.writeManifest(this.#manifest(state.startedAt, null, [...this.#tracks.values()])),
      ]).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not write the recording log'));
    }, LOG_WRITE_DELAY_MS);
  }

  /** Records a producer (its names known first, for the file's participant); once per producer. */
  #record(media: RecordingMedia, producer: ProducerInfo): void {
    const known = this.#names.has(producer.participantId);
    (known ? Promise.resolve() : this.#refreshNames())
      .then(() => media.add(this.#toRecord(producer)))
      .catch((error: unknown) => this.deps.logger.warn({ err: error, producerId: producer.id }, 'could not record a producer'));
  }

  #toRecord(producer: ProducerInfo): ProducerToRecord {
    return {
      producerId: producer.id,
      participant: this.#person(producer.participantId)!,
      source: producer.source,
      ...(producer.language ? { language: producer.language } : {}),
    };
  }

  #person(participantId: string | null): Person | null {
    if (participantId === null) return null;
    const fromBooths = this.deps.session
      .booths()
      .flatMap((booth) => booth.interpreters)
      .find((interpreter) => interpreter.id === participantId)?.name;
    const queue = this.deps.session.queue();
    const fromQueue = queue.current?.participantId === participantId ? queue.current.name : queue.entries.find((entry) => entry.participantId === participantId)?.name;
    return { id: participantId, name: this.#names.get(participantId) ?? fromBooths ?? fromQueue ?? participantId };
  }

  async #refreshNames(): Promise<void> {
    const people = await this.deps.session.people().catch(() => [] as Participant[]);
    for (const person of people) this.#names.set(person.id, person.name);
  }

  #untilShared(done: (current: RecordingClaim | null) => boolean, timeoutMs: number): Promise<boolean> {
    if (done(this.#shared)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!done(this.#shared)) return;
        clearTimeout(timer);
        this.#sharedWaiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#sharedWaiters.delete(check);
        resolve(false);
      }, timeoutMs);
      this.#sharedWaiters.add(check);
    });
  }
}

/** A claim whose recording has begun (one still setting up its tracks is not shown). */
function running(claim: RecordingClaim | null): RecordingClaim | null {
  return claim && claim.startedAt !== null ? claim : null;
}

function statusOf(claim: RecordingClaim | null): RecordingStatus | null {
  if (!claim || claim.startedAt === null) return null;
  return { id: claim.id, startedAt: new Date(claim.startedAt).toISOString(), by: claim.by };
}

/** A finished track as the manifest lists it. */
function manifestTrack({ file, kind, source, codec, language, participant, part, startOffsetMs, durationMs, bytes, silentMs, stoppedEarly, failed }: TrackSummary): ManifestTrack {
  return {
    file,
    kind,
    source,
    codec,
    ...(language ? { language } : {}),
    ...(participant ? { participant } : {}),
    ...(part ? { part } : {}),
    startOffsetMs: Math.round(startOffsetMs),
    durationMs: Math.round(durationMs),
    bytes,
    ...(silentMs !== undefined ? { silentMs } : {}),
    ...(stoppedEarly ? { stoppedEarly } : {}),
    ...(failed ? { failed } : {}),
  };
}
