import type { types } from 'mediasoup';
import type { MediaSource, ProducerInfo, ServerMute } from '@multaqa/shared';
import type { TimeUpMuteOutcome } from '../domain/moderation/timeUpMute.ts';
import type { ConnectionId } from '../domain/session/roster.ts';
import type { Logger } from '../logger.ts';
import { ProducerHolds, type Hold } from '../media/producerHolds.ts';
import type { SessionMedia } from '../media/sessionMedia.ts';
import type { ProducerChange, ProducerDirectory } from '../store/producerDirectory.ts';
import type { Outbox } from './outbox.ts';
import type { ModeratorMute } from './sessionPeopleModeration.ts';

export type Published = { producer: types.Producer; participantId: string; source: MediaSource; language?: string };
type Entry = Published & { owner: ConnectionId; holds: ProducerHolds };

/**
 * Everything published in one live session on this process, and the server-side controls on
 * it: the owner's own on/off, moderator and time-up mutes, routing the interpretation channels,
 * closing what someone may no longer publish. Each control is a separate hold on the producer
 * (see ProducerHolds): lifting one never lifts another, and routing never reaches the owner as
 * a mute. Whether a producer flows is announced to the session's room and written to the
 * session's producer directory (for the other server processes); server mutes to the owner.
 * The active speaker is worked out on every process alike, from every microphone of the
 * session (those of other processes piped in), and told to this process's people.
 */
export class SessionProducers {
  readonly #published = new Map<string, Entry>();
  #activeSpeakerId: string | null = null;

  private constructor(
    private readonly sessionId: string,
    private readonly media: SessionMedia,
    private readonly outbox: Outbox,
    private readonly directory: ProducerDirectory,
    private readonly logger: Logger,
    remoteSpeaker: (producerId: string) => string | undefined,
    onActiveSpeaker: (participantId: string) => void,
  ) {
    media.activeSpeaker.on('dominantspeaker', ({ producer }) => {
      const participantId = this.#published.get(producer.id)?.participantId ?? remoteSpeaker(producer.id);
      if (participantId === undefined || participantId === this.#activeSpeakerId) return;
      this.#activeSpeakerId = participantId;
      this.outbox.broadcastHere(sessionId, 'speaker:activeChanged', { participantId });
      onActiveSpeaker(participantId);
    });
  }

  static open(options: {
    sessionId: string;
    media: SessionMedia;
    outbox: Outbox;
    directory: ProducerDirectory;
    logger: Logger;
    /** Who owns a microphone of another process, if it is one. */
    remoteSpeaker: (producerId: string) => string | undefined;
    /** The loudest speaker changed (as told to this process's people). */
    onActiveSpeaker?: (participantId: string) => void;
  }): SessionProducers {
    const { sessionId, media, outbox, directory, logger, remoteSpeaker, onActiveSpeaker = () => undefined } = options;
    return new SessionProducers(sessionId, media, outbox, directory, logger, remoteSpeaker, onActiveSpeaker);
  }

  /** The loudest microphone on stage as last reported, while it is still published. */
  get activeSpeakerId(): string | null {
    return this.#activeSpeakerId;
  }

  get(producerId: string): Published | undefined {
    return this.#published.get(producerId);
  }

  /** The connection that publishes `producerId` here. */
  ownerOf(producerId: string): ConnectionId | undefined {
    return this.#published.get(producerId)?.owner;
  }

  /** Everything published here now (for metrics and the operator view). */
  list(): Published[] {
    return [...this.#published.values()];
  }

  infos(): ProducerInfo[] {
    return [...this.#published.values()].map(infoOf);
  }

  /** Tracks a new producer and tells everyone but its owner's connection about it. */
  async add(published: Published, owner: ConnectionId, holds: Hold[], router: types.Router): Promise<void> {
    const { producer } = published;
    const onError = (error: unknown) => this.logger.warn({ err: error, producerId: producer.id }, 'could not pause or resume a producer');
    const entry: Entry = { ...published, owner, holds: new ProducerHolds(producer, holds, onError) };
    this.#published.set(producer.id, entry);
    if (entry.holds.serverMutes.length > 0) this.#tellOwner(entry);
    producer.observer.once('close', () => {
      this.#published.delete(producer.id);
      const speakerStillOn = [...this.#published.values()].some((p) => p.participantId === this.#activeSpeakerId && p.source === 'microphone');
      if (!speakerStillOn) this.#activeSpeakerId = null;
      this.#share(entry, 'closed');
      // People on other processes are told even when the session closes here.
      this.outbox.broadcast(this.sessionId, 'producer:closed', { producerId: producer.id });
    });
    producer.observer.on('pause', () => {
      this.#share(entry, 'paused');
      this.outbox.broadcast(this.sessionId, 'producer:paused', { producerId: producer.id });
    });
    producer.observer.on('resume', () => {
      this.#share(entry, 'resumed');
      this.outbox.broadcast(this.sessionId, 'producer:resumed', { producerId: producer.id });
    });
    await this.directory.changed(this.sessionId, infoOf(published), 'added');
    await this.media.published(producer, router, producer.kind === 'audio' && published.source === 'microphone').catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not observe producer for active speaker');
    });
    // The operator view shows how loud each interpreter arrives, the booths how loud the floor
    // does (publishers are on the home router).
    if (producer.kind === 'audio' && published.source !== 'camera' && router === this.media.home.router) {
      await this.media.levels.add(producer).catch((error: unknown) => this.logger.warn({ err: error }, 'could not observe the level of a voice'));
    }
    this.outbox.broadcast(this.sessionId, 'producer:added', { producer: infoOf(published) }, owner);
  }

  /** The owner turns their camera or microphone off or on; on also lifts a moderator's mute. */
  async setOwnerPaused(producerId: string, paused: boolean): Promise<void> {
    const entry = this.#published.get(producerId);
    if (!entry) return;
    entry.holds.set('owner', paused);
    if (!paused) this.#setServerMute(entry, 'moderator', false);
    await entry.holds.settled();
  }

  /** An interpreter holds (or lets go of) their cough button: their channel voice stops (or may flow) now. */
  setCough(participantId: string, coughing: boolean): void {
    for (const entry of this.#published.values()) {
      if (entry.source === 'interpretation' && entry.participantId === participantId) entry.holds.set('cough', coughing);
    }
  }

  /** Mutes, on the server, the microphones of the people `whose` picks, and tells each of them why. */
  muteMicrophones(whose: (participantId: string) => boolean, why: ServerMute, by?: ModeratorMute): void {
    for (const entry of this.#published.values()) {
      if (entry.source === 'microphone' && whose(entry.participantId)) this.#setServerMute(entry, why, true, by);
    }
  }

  /** After a floor change: each time-up mute is kept, lifted, or becomes a moderator's mute. */
  reviewTimeUpMutes(outcomeFor: (participantId: string) => TimeUpMuteOutcome): void {
    for (const entry of this.#published.values()) {
      if (!entry.holds.has('timeUp')) continue;
      const outcome = outcomeFor(entry.participantId);
      if (outcome === 'keep') continue;
      if (outcome === 'moderatorMute') entry.holds.set('moderator', true);
      this.#setServerMute(entry, 'timeUp', false);
    }
  }

  /** Server-side truth of a channel: only its voice's producer flows. */
  routeChannel(language: string, isVoice: (participantId: string) => boolean, isOnAir: (participantId: string) => boolean): void {
    for (const entry of this.#published.values()) {
      if (entry.source !== 'interpretation' || entry.language !== language) continue;
      entry.holds.set('offAir', !isVoice(entry.participantId));
      // Losing the channel ends a cough (the button's release is then never sent).
      if (!isOnAir(entry.participantId)) entry.holds.set('cough', false);
    }
  }

  /** Closes the stage producers (camera, microphone) that `mayKeep` refuses. */
  closeStageProducers(mayKeep: (published: Published) => boolean): void {
    for (const published of [...this.#published.values()]) {
      if (published.source !== 'interpretation' && !mayKeep(published)) published.producer.close();
    }
  }

  /** Other processes learn of it (their people consume it through a pipe). */
  #share(published: Published, change: ProducerChange): void {
    this.directory.changed(this.sessionId, infoOf(published), change).catch((error: unknown) =>
      this.logger.warn({ err: error, producerId: published.producer.id }, 'could not share a producer change'),
    );
  }

  #setServerMute(entry: Entry, mute: ServerMute, on: boolean, by?: ModeratorMute): void {
    if (entry.holds.set(mute, on)) this.#tellOwner(entry, by);
  }

  #tellOwner({ producer, source, owner, holds }: Entry, moderator?: ModeratorMute): void {
    this.outbox.send(owner, 'media:serverMuteChanged', { producerId: producer.id, source, mutedBy: holds.serverMutes, ...(moderator ? { moderator } : {}) });
  }
}

function infoOf({ producer, participantId, source, language }: Published): ProducerInfo {
  return { id: producer.id, participantId, kind: producer.kind, source, paused: producer.paused, ...(language ? { language } : {}) };
}
