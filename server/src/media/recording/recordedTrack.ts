import { stat } from 'node:fs/promises';
import type { types } from 'mediasoup';
import { ContinuousAudio, KeyFrameGate } from '../../domain/recording/continuousAudio.ts';
import type { TrackInfo } from '../../domain/recording/recordingLog.ts';
import { buildRtp, parseRtp, rtcpBye, rtcpKeepAlive, startsKeyFrame } from '../../domain/recording/rtp.ts';
import { failureOf, type TrackFailure, type TrackOutcome } from '../../domain/recording/trackParts.ts';
import { containerOf, sdpFor, type StreamCodec } from '../../domain/recording/tracks.ts';
import type { Logger } from '../../logger.ts';
import { FfmpegTrack } from './ffmpegTrack.ts';
import { measuredLengthMs } from './fileLength.ts';
import { reserveUdpPortPair, type UdpPortPair } from './udpPorts.ts';

/** Where tracks send their RTP: one loopback UDP socket per recording. */
export type RtpOut = (packet: Buffer, port: number) => void;

export type TrackSetup = {
  info: TrackInfo;
  /** The file to write. */
  path: string;
  codec: StreamCodec;
  ffmpeg: string;
  send: RtpOut;
  /** Its ffmpeg exited before the track was finished: the track takes nothing more (finish it for what it holds). */
  onWriterExit: (cause: WriterStop) => void;
  /** A camera from which no picture has come for a while although it is on (see NO_VIDEO_NOTICE_MS); once per track. */
  onNoVideo?: () => void;
  logger: Logger;
};

/** Why a track's writer stopped before the track was finished: the disk refused it, or its ffmpeg ended (killed, crashed). */
export type WriterStop = 'writerExited' | 'diskFull';

/**
 * What a finished track tells the manifest. `stoppedEarly`: its writer stopped `atMs` into the
 * recording, and `durationMs` is what its file holds.
 */
export type TrackSummary = TrackInfo & {
  startOffsetMs: number;
  durationMs: number;
  bytes: number;
  silentMs?: number;
  stoppedEarly?: { cause: WriterStop; atMs: number };
  /** It left no playable file, and why (see failureOf). */
  failed?: TrackFailure;
};

/** ffmpeg seldom loses the race for its ports (another process took them first); a new pair then. */
async function listen(setup: TrackSetup): Promise<{ ffmpeg: FfmpegTrack; ports: UdpPortPair }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const ports = await reserveUdpPortPair();
    try {
      const ffmpeg = await FfmpegTrack.start({
        ffmpeg: setup.ffmpeg,
        sdp: sdpFor(setup.info.kind, setup.codec, ports.port),
        port: ports.port,
        output: setup.path,
        format: containerOf(setup.info.codec).format,
        logger: setup.logger,
      });
      return { ffmpeg, ports };
    } catch (error) {
      ports.release();
      lastError = error;
    }
  }
  throw lastError;
}

const KEEPALIVE_MS = 2_000;

/** One recorded track: an ffmpeg listening, and the stream sent to it from `begin()` to `finish()`. */
abstract class RecordedTrack {
  protected beganAt: number | undefined;
  #lastSent = 0;
  #finished: Promise<TrackSummary> | undefined;
  readonly #ssrc = (Math.random() * 0xffffffff) >>> 0;
  /** Its ffmpeg exited: nothing is sent to its port any more, which may soon be another track's. */
  #writerGone = false;
  #stoppedEarly: { cause: WriterStop; at: number } | undefined;

  protected constructor(
    protected readonly setup: TrackSetup,
    private readonly ffmpeg: FfmpegTrack,
    private readonly ports: UdpPortPair,
  ) {
    void ffmpeg.exited.then(({ code, signal }) => {
      this.#writerGone = true;
      ports.release();
      if (this.#finished) return; // the end it was asked for
      const cause: WriterStop = ffmpeg.outOfSpace ? 'diskFull' : 'writerExited';
      this.#stoppedEarly = { cause, at: Date.now() };
      setup.logger.warn({ file: setup.info.file, code, signal, stderr: ffmpeg.stderr }, 'a recorded track stopped early: its ffmpeg exited');
      setup.onWriterExit(cause);
    });
  }

  get info(): TrackInfo {
    return this.setup.info;
  }

  get ssrc(): number {
    return this.#ssrc;
  }

  get finished(): boolean {
    return this.#finished !== undefined;
  }

  /** The recording (or, for a track that comes later, this track) starts now: packets are taken from here on. */
  begin(now: number): void {
    this.beganAt ??= now;
  }

  /** Called every 20 ms by the recording. */
  tick(now: number): void {
    if (now - this.#lastSent > KEEPALIVE_MS) this.send(rtcpKeepAlive(this.#ssrc));
  }

  /**
   * Ends the track at `now` and has ffmpeg write the file; resolves with what was written. A
   * track whose ffmpeg died ended then, and lasts what its file holds (read through again: the
   * packets sent after the file's last page never reached it).
   */
  finish(now: number, startedAt: number): Promise<TrackSummary> {
    this.#finished ??= (async () => {
      const early = this.#stoppedEarly;
      const endedAt = early?.at ?? now;
      this.end(endedAt);
      if (!early) await this.ffmpeg.stop(() => this.send(rtcpBye(this.#ssrc)));
      const bytes = await stat(this.setup.path).then(
        (file) => file.size,
        () => 0,
      );
      const failed = failureOf({ ...this.outcome(), kind: this.setup.info.kind, bytes, stderr: this.ffmpeg.stderr, diskFull: early?.cause === 'diskFull' || this.ffmpeg.outOfSpace });
      const began = this.firstWrittenAt() ?? this.beganAt ?? endedAt;
      const durationMs = early ? ((await measuredLengthMs(this.setup.ffmpeg, this.setup.path)) ?? this.writtenMs(endedAt)) : this.writtenMs(now);
      return {
        ...this.setup.info,
        startOffsetMs: Math.max(0, began - startedAt),
        durationMs,
        bytes,
        ...this.extra(),
        ...(early ? { stoppedEarly: { cause: early.cause, atMs: Math.max(0, Math.round(early.at - startedAt)) } } : {}),
        ...(failed ? { failed } : {}),
      };
    })();
    return this.#finished;
  }

  protected send(packet: Buffer): void {
    if (this.#writerGone) return;
    this.#lastSent = Date.now();
    this.setup.send(packet, this.ports.port);
  }

  /** Last packets before the file is closed; the track takes none after this. */
  protected abstract end(now: number): void;
  protected abstract writtenMs(now: number): number;
  /** What the track received, to tell whether it failed. */
  protected abstract outcome(): Omit<TrackOutcome, 'kind' | 'bytes' | 'stderr' | 'diskFull'>;
  protected extra(): Partial<TrackSummary> {
    return {};
  }

  /** When the file's first moment was taken (by default: when the track began). */
  protected firstWrittenAt(): number | undefined {
    return this.beganAt;
  }
}

/**
 * An Opus track that lasts from its start to its end whatever happens: a channel (its voice
 * is whichever interpreter listeners hear; several producers feed it, one at a time) or one
 * microphone. Silence fills the time nobody speaks (see ContinuousAudio).
 */
export class AudioTrack extends RecordedTrack {
  #audio: ContinuousAudio | undefined;
  /** Whose packets are written (a channel's voice); undefined: every source's. */
  #voice: string | null | undefined;
  /** A stage microphone: the source whose packets are written (its newest producer; see attach). */
  #current: string | undefined;
  #packets = 0;
  #ended = false;

  static async open(setup: TrackSetup, voice?: string | null): Promise<AudioTrack> {
    const { ffmpeg, ports } = await listen(setup);
    const track = new AudioTrack(setup, ffmpeg, ports);
    track.#voice = voice;
    return track;
  }

  override begin(now: number): void {
    super.begin(now);
    this.#audio ??= new ContinuousAudio({
      ssrc: this.ssrc,
      payloadType: this.setup.codec.payloadType,
      startedAt: this.beganAt!,
      firstSequence: (Math.random() * 0xffff) | 0,
      firstTimestamp: (Math.random() * 0xffffffff) >>> 0,
      // Silence is written a second behind the clock: a voice's packets held up that long by a
      // busy machine still land where they belong instead of after silence that took their place.
      holdBackMs: 1_000,
    });
  }

  /** Only `participantId`'s packets are written from now on (`null`: nobody's, the channel is silent). */
  setVoice(participantId: string | null): void {
    this.#voice = participantId;
  }

  /**
   * Packets of one source (a consumer of one producer) of this track. `newest`: a person's
   * microphone that came back (a reconnect, a reload): only its packets are written from now on,
   * not those of the producer it replaces, which may still be closing.
   */
  attach(participantId: string, consumer: types.Consumer, { newest = false } = {}): void {
    const source = `${participantId}/${consumer.id}`;
    if (newest) {
      this.#current = source;
      consumer.observer.once('close', () => {
        if (this.#current === source) this.#current = undefined;
      });
    }
    consumer.on('rtp', (raw) => {
      if (!this.#audio || this.#ended || (this.#voice !== undefined && this.#voice !== participantId)) return;
      if (this.#current !== undefined && this.#current !== source) return;
      const packet = parseRtp(raw);
      if (!packet) return;
      this.#packets++;
      for (const out of this.#audio.push(source, packet, Date.now())) this.send(buildRtp(out));
    });
  }

  override tick(now: number): void {
    if (this.#audio && !this.#ended) for (const out of this.#audio.tick(now)) this.send(buildRtp(out));
    super.tick(now);
  }

  protected end(now: number): void {
    if (this.#audio && !this.#ended) for (const out of this.#audio.finish(now)) this.send(buildRtp(out));
    this.#ended = true;
  }

  protected writtenMs(): number {
    return Math.round(this.#audio?.writtenMs ?? 0);
  }

  protected override extra(): Partial<TrackSummary> {
    return { silentMs: Math.round(this.#audio?.silentMs ?? 0) };
  }

  protected outcome() {
    return { packets: this.#packets };
  }
}

/** Asking for a key frame again until one comes (the first request may reach the sender before it can answer). */
const KEY_FRAME_RETRY_MS = 1_000;
/** A camera that is on (not paused) but has given no picture this long is reported (onNoVideo). */
export const NO_VIDEO_NOTICE_MS = 5_000;

/** A camera, from its first key frame on, as it came (a consumer's stream is continuous already). */
export class VideoTrack extends RecordedTrack {
  #gate: KeyFrameGate;
  #consumer: types.Consumer | undefined;
  #ended = false;
  #firstAt: number | undefined;
  #lastAt: number | undefined;
  #lastKeyFrameRequest = 0;
  #packets = 0;
  /** Since when its producer is on (not paused); undefined while it is off. */
  #onSince: number | undefined;
  #everOn = false;
  #toldNoVideo = false;

  private constructor(setup: TrackSetup, ffmpeg: FfmpegTrack, ports: UdpPortPair) {
    super(setup, ffmpeg, ports);
    const codec = setup.info.codec === 'h264' ? 'h264' : 'vp8';
    this.#gate = new KeyFrameGate((payload) => startsKeyFrame(codec, payload));
  }

  static async open(setup: TrackSetup): Promise<VideoTrack> {
    const { ffmpeg, ports } = await listen(setup);
    return new VideoTrack(setup, ffmpeg, ports);
  }

  attach(consumer: types.Consumer): void {
    this.#consumer = consumer;
    const on = () => {
      this.#onSince = Date.now();
      this.#everOn = true;
    };
    if (!consumer.producerPaused) on();
    consumer.on('producerpause', () => (this.#onSince = undefined));
    consumer.on('producerresume', on);
    consumer.on('rtp', (raw) => {
      if (this.beganAt === undefined || this.#ended) return;
      this.#packets++;
      const packet = parseRtp(raw);
      if (!packet || !this.#gate.pass(packet)) return;
      const now = Date.now();
      this.#firstAt ??= now;
      this.#lastAt = now;
      this.send(raw);
    });
  }

  override tick(now: number): void {
    const waiting = !this.#gate.open && this.#consumer && !this.#consumer.closed && this.beganAt !== undefined && !this.#ended;
    if (waiting && this.#onSince !== undefined && !this.#toldNoVideo && now - Math.max(this.#onSince, this.beganAt!) >= NO_VIDEO_NOTICE_MS) {
      this.#toldNoVideo = true;
      this.setup.onNoVideo?.();
    }
    if (waiting && now - this.#lastKeyFrameRequest >= KEY_FRAME_RETRY_MS) {
      this.#lastKeyFrameRequest = now;
      this.#consumer!.requestKeyFrame().catch(() => undefined);
    }
    super.tick(now);
  }

  protected outcome() {
    return { packets: this.#packets, keyFrame: this.#gate.open, pausedThroughout: !this.#everOn };
  }

  protected end(): void {
    this.#ended = true;
  }

  protected writtenMs(): number {
    return this.#firstAt === undefined || this.#lastAt === undefined ? 0 : this.#lastAt - this.#firstAt;
  }

  /** A camera's file starts at its first key frame. */
  protected override firstWrittenAt(): number | undefined {
    return this.#firstAt;
  }
}
