import { createSocket, type Socket } from 'node:dgram';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import type { MediaSource } from '@multaqa/shared';
import type { Person, TrackInfo } from '../../domain/recording/recordingLog.ts';
import { StageParts } from '../../domain/recording/trackParts.ts';
import { codecOf, TrackNames, type StreamCodec } from '../../domain/recording/tracks.ts';
import type { Logger } from '../../logger.ts';
import { AudioTrack, VideoTrack, type TrackSetup, type TrackSummary, type WriterStop } from './recordedTrack.ts';

/** A producer of the session, as the recording takes it. */
export type ProducerToRecord = { producerId: string; participant: Person; source: MediaSource; language?: string };

export type RecordingMediaOptions = {
  /** The session's home router: every producer of the session is, or can be piped, there. */
  router: types.Router;
  /** The recording's directory (it exists). */
  dir: string;
  ffmpeg: string;
  /** The session's interpretation channels: one track each, from the start to the end. */
  languages: string[];
  /** Who each channel's listeners hear now (voiceOf). */
  voiceOf: (language: string) => string | null;
  /** Makes a producer of the session consumable on the home router (piped from another process if need be). */
  bring: (producerId: string) => Promise<void>;
  onTrackStarted: (track: TrackInfo, now: number) => void;
  /** A person's microphone came back: its new producer goes on in the file it had. */
  onTrackContinued: (track: TrackInfo, now: number) => void;
  /** A track's ffmpeg stopped writing it (the recording goes on without it); onTrackEnded follows once it is measured. */
  onTrackStopped: (track: TrackInfo, now: number, cause: WriterStop) => void;
  onTrackEnded: (track: TrackSummary, now: number) => void;
  /** A camera that is on has given no picture for a while (see NO_VIDEO_NOTICE_MS). */
  onNoVideo: (track: TrackInfo, now: number) => void;
  logger: Logger;
};

const TICK_MS = 20;
/** How long a start waits for a producer to be brought from another process before going on without it (it joins when it arrives). */
const BRING_WAIT_MS = 1_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The media side of one recording, on the session's home router: a DirectTransport consumer
 * of every producer of the session, and one track per interpretation channel (fed by all its
 * interpreters' producers, only the voice's packets written) and per person and stage source
 * (microphone: one file across reconnects; camera: a numbered part per producer, see
 * StageParts), each written by its own ffmpeg from loopback RTP.
 */
export class RecordingMedia {
  readonly #channels = new Map<string, AudioTrack>();
  /** Channel tracks being set up: an interpreter's producer waits for its channel's. */
  readonly #channelsOpening = new Map<string, Promise<AudioTrack | undefined>>();
  /** Stage tracks by file. */
  readonly #stage = new Map<string, AudioTrack | VideoTrack>();
  /** Stage tracks being set up, by file: a microphone's next producer waits for its file's. */
  readonly #stageOpening = new Map<string, Promise<AudioTrack | VideoTrack | undefined>>();
  readonly #consumed = new Set<string>();
  /** Producers being brought from another process for this recording (a start does not wait long for them). */
  readonly #bringing = new Set<string>();
  #socketClosed = false;
  /** Tracks that ended before the recording did: their producer went, or their ffmpeg died. */
  readonly #ended: Promise<TrackSummary | undefined>[] = [];
  readonly #names = new TrackNames();
  readonly #parts = new StageParts((base, codec) => this.#names.stage(base, codec));
  #timer: NodeJS.Timeout | undefined;
  #startedAt: number | undefined;
  #finishing = false;

  private constructor(
    private readonly options: RecordingMediaOptions,
    private readonly transport: types.DirectTransport,
    private readonly socket: Socket,
  ) {}

  /** Sets every track up (each ffmpeg listening) for the channels and for `producers`; nothing is written until `begin()`. */
  static async open(options: RecordingMediaOptions, producers: ProducerToRecord[]): Promise<RecordingMedia> {
    const transport = await options.router.createDirectTransport({ maxMessageSize: 1024, appData: { direction: 'recording' } });
    const socket = createSocket('udp4');
    socket.on('error', (error) => options.logger.warn({ err: error }, 'recording socket error'));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const media = new RecordingMedia(options, transport, socket);
    // All settled before giving up, so no ffmpeg that was still starting is left running. A
    // producer of a process that does not answer now is left out: the recording starts without it.
    const reachable = (producer: ProducerToRecord) =>
      media.add(producer).catch((error: unknown) => {
        if (!(error instanceof ProducerNotReachedError)) throw error;
        options.logger.warn({ err: error.cause, producerId: producer.producerId, participant: producer.participant.id }, 'the recording starts without a producer its process did not hand over');
      });
    // One still on its way after a moment (brought from a slow process) joins the recording once
    // it arrives, as a producer published later does: the start does not wait for it.
    const inTime = (producer: ProducerToRecord) => {
      const adding = reachable(producer);
      const waited = delay(BRING_WAIT_MS).then(async () => {
        if (!media.#bringing.has(producer.producerId)) return adding;
        adding.catch((error: unknown) => options.logger.warn({ err: error, producerId: producer.producerId }, 'could not record a producer'));
      });
      return Promise.race([adding, waited]);
    };
    const opened = await Promise.allSettled([...options.languages.map((language) => media.#openChannel(language)), ...producers.map(inTime)]);
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed) {
      await media.finish();
      throw failed.reason;
    }
    return media;
  }

  /** The recording runs from now: every track takes packets and silence is counted from here. */
  begin(): number {
    const now = Date.now();
    this.#startedAt = now;
    for (const track of this.#tracks()) track.begin(now);
    this.#timer = setInterval(() => {
      const at = Date.now();
      for (const track of this.#tracks()) track.tick(at);
    }, TICK_MS);
    return now;
  }

  /** A channel's voice changed (on air, cough, handover): only its packets are written from now on. */
  setVoice(language: string, participantId: string | null): void {
    this.#channels.get(language)?.setVoice(participantId);
  }

  /**
   * A producer to record: an interpreter's joins their channel's track; a camera or microphone
   * gets a track of its own (which starts when it is ready, if the recording runs already).
   */
  async add(producer: ProducerToRecord): Promise<void> {
    if (this.#finishing || this.#consumed.has(producer.producerId)) return;
    this.#consumed.add(producer.producerId);
    try {
      if (producer.source === 'interpretation') {
        const channel = producer.language === undefined ? undefined : await this.#channelsOpening.get(producer.language);
        if (!channel) return;
        const consumer = await this.#consume(producer.producerId);
        if (consumer) channel.attach(producer.participant.id, consumer);
        return;
      }
      await this.#addStage(producer);
    } catch (error) {
      this.#consumed.delete(producer.producerId);
      throw error;
    }
  }

  /** Ends every track and has their files written; resolves with what was written, in order of starting. */
  async finish(): Promise<TrackSummary[]> {
    this.#finishing = true;
    clearInterval(this.#timer);
    const now = Date.now();
    const startedAt = this.#startedAt ?? now;
    const open = this.#tracks().filter((track) => !track.finished);
    const summaries = await Promise.all(open.map((track) => track.finish(now, startedAt)));
    this.transport.close();
    // Tracks that ended earlier may still be sending their last packets to their ffmpeg.
    const ended = (await Promise.all(this.#ended)).filter((summary) => summary !== undefined);
    this.#socketClosed = true;
    this.socket.close();
    const all = [...ended, ...summaries];
    // A track that failed (a camera that never gave a picture) is listed as failed, with why; an empty file of it is no use.
    for (const summary of all) if (summary.failed && summary.bytes === 0) await rm(join(this.options.dir, summary.file), { force: true });
    return all;
  }

  #tracks(): Array<AudioTrack | VideoTrack> {
    return [...this.#channels.values(), ...this.#stage.values()];
  }

  #setup(info: TrackInfo, codec: StreamCodec): TrackSetup {
    return {
      info,
      path: join(this.options.dir, info.file),
      codec,
      ffmpeg: this.options.ffmpeg,
      // Nothing is sent once the socket closed (a writer stopping late); a send that fails is a lost packet, not a crash.
      send: (packet, port) => {
        if (!this.#socketClosed) this.socket.send(packet, port, '127.0.0.1', () => undefined);
      },
      onWriterExit: (cause) => this.#writerExited(info, cause),
      onNoVideo: () => {
        if (!this.#finishing) this.options.onNoVideo(info, Date.now());
      },
      logger: this.options.logger,
    };
  }

  /** A track's ffmpeg exited while the track was written: that track is over, the others go on. */
  #writerExited(info: TrackInfo, cause: WriterStop): void {
    const track = this.#tracks().find((candidate) => candidate.info === info);
    if (this.#finishing || !track) return;
    for (const [language, channel] of this.#channels) if (channel === track) this.#channels.delete(language);
    if (this.#stage.get(info.file) === track) this.#stage.delete(info.file);
    // A producer of this person and source that comes now starts a new part.
    this.#parts.close(info.file);
    this.options.onTrackStopped(info, Date.now(), cause);
    this.#ended.push(this.#ending(track));
  }

  /** Finishes a track that ends before the recording does; resolves with what it wrote. */
  #ending(track: AudioTrack | VideoTrack): Promise<TrackSummary | undefined> {
    const now = Date.now();
    return track.finish(now, this.#startedAt ?? now).then(
      (summary) => {
        this.options.onTrackEnded(summary, Date.now());
        return summary;
      },
      (error: unknown) => {
        this.options.logger.warn({ err: error, file: track.info.file }, 'could not finish a recorded track');
        return undefined;
      },
    );
  }

  #openChannel(language: string): Promise<AudioTrack> {
    const opening = this.#openChannelTrack(language);
    this.#channelsOpening.set(language, opening.catch(() => undefined));
    return opening;
  }

  async #openChannelTrack(language: string): Promise<AudioTrack> {
    const opus = this.options.router.rtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === 'audio/opus');
    if (!opus) throw new Error('the router has no Opus');
    const info: TrackInfo = { file: this.#names.channel(language), kind: 'audio', source: 'channel', codec: 'opus', language };
    const codec: StreamCodec = { mimeType: opus.mimeType, payloadType: opus.preferredPayloadType!, clockRate: opus.clockRate, channels: opus.channels ?? 2 };
    const track = await AudioTrack.open(this.#setup(info, codec), this.options.voiceOf(language));
    this.#channels.set(language, track);
    this.options.onTrackStarted(info, Date.now());
    return track;
  }

  async #addStage(producer: ProducerToRecord): Promise<void> {
    const source = producer.source === 'camera' ? 'camera' : 'microphone';
    const consumer = await this.#consume(producer.producerId);
    if (!consumer) return;
    const [rtp] = consumer.rtpParameters.codecs;
    const codec = rtp ? codecOf(rtp.mimeType) : undefined;
    if (!rtp || !codec || this.#finishing) {
      consumer.close();
      return;
    }
    const placement = this.#parts.place({ participantId: producer.participant.id, source, codec });
    if (placement.action === 'continue') {
      // The person's microphone is back: its file goes on (silence was written while they were away).
      const track = this.#stage.get(placement.file) ?? (await this.#stageOpening.get(placement.file));
      if (track instanceof AudioTrack && !track.finished && !this.#finishing) {
        track.attach(producer.participant.id, consumer, { newest: true });
        this.options.onTrackContinued(track.info, Date.now());
        return;
      }
      // Its part ended meanwhile: a new one.
      this.#parts.close(placement.file);
      consumer.close();
      this.#consumed.delete(producer.producerId);
      return this.add(producer);
    }
    const info: TrackInfo = { file: placement.file, kind: consumer.kind, source, codec, participant: producer.participant, part: placement.part };
    const setup = this.#setup(info, { mimeType: rtp.mimeType, payloadType: rtp.payloadType, clockRate: rtp.clockRate, channels: rtp.channels, parameters: rtp.parameters });
    const opening = (async () => {
      if (consumer.kind === 'audio') {
        const audio = await AudioTrack.open(setup);
        audio.attach(producer.participant.id, consumer, { newest: true });
        return audio;
      }
      const video = await VideoTrack.open(setup);
      video.attach(consumer);
      return video;
    })();
    this.#stageOpening.set(info.file, opening.catch(() => undefined));
    let track: AudioTrack | VideoTrack;
    try {
      track = await opening;
    } catch (error) {
      this.#parts.abandon(info.file);
      consumer.close();
      throw error;
    } finally {
      this.#stageOpening.delete(info.file);
    }
    // A camera whose producer went while its part was set up has nothing to write; a microphone's file is kept for its next producer.
    if (this.#finishing || (consumer.closed && track instanceof VideoTrack)) {
      this.#parts.abandon(info.file);
      await track.finish(Date.now(), this.#startedAt ?? Date.now());
      return;
    }
    this.#stage.set(info.file, track);
    this.options.onTrackStarted(info, Date.now());
    if (this.#startedAt !== undefined) track.begin(Date.now());
    if (track instanceof AudioTrack) return;
    // The camera went (turned off for good, a reconnect, the person left): its part is finished now; the next producer is a new part.
    const ended = () => {
      if (this.#finishing || this.#stage.get(info.file) !== track) return;
      this.#stage.delete(info.file);
      this.#parts.close(info.file);
      this.#ended.push(this.#ending(track));
    };
    if (consumer.closed) ended();
    else consumer.observer.once('close', ended);
  }

  async #consume(producerId: string): Promise<types.Consumer | undefined> {
    this.#bringing.add(producerId);
    try {
      await this.options.bring(producerId);
    } catch (error) {
      throw new ProducerNotReachedError(producerId, error);
    } finally {
      this.#bringing.delete(producerId);
    }
    const { router } = this.options;
    const rtpCapabilities: types.RtpCapabilities = {
      codecs: (router.rtpCapabilities.codecs ?? []).filter((codec) => !codec.mimeType.toLowerCase().endsWith('/rtx')),
      headerExtensions: [],
    };
    if (!router.canConsume({ producerId, rtpCapabilities })) return undefined;
    return this.transport.consume({ producerId, rtpCapabilities });
  }
}

/** A producer of another server process that could not be brought here (the process did not answer). */
export class ProducerNotReachedError extends Error {
  constructor(producerId: string, cause: unknown) {
    super(`producer ${producerId} could not be brought from its process`, { cause });
    this.name = 'ProducerNotReachedError';
  }
}
