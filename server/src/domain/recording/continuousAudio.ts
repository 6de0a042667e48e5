import { OPUS_SILENCE, OPUS_SILENCE_SAMPLES, opusPacketSamples, timestampDelta, type RtpPacket } from './rtp.ts';

/** Opus RTP runs at 48 kHz whatever the sampling rate inside. */
const SAMPLES_PER_MS = 48;

export type ContinuousAudioOptions = {
  ssrc: number;
  payloadType: number;
  /** The track's start (ms since epoch): its sample 0. */
  startedAt: number;
  firstSequence?: number;
  firstTimestamp?: number;
  /**
   * How far behind the clock silence is filled in: a voice's packets may still be on their way
   * that long (the worker's channel, a busy event loop).
   */
  holdBackMs?: number;
  /** A new run of packets starts this close behind the clock, so the track follows the clock. */
  jitterMs?: number;
};

type Run = { source: string; ssrc: number; lastIn: number; lastOut: number };

/** A jump inside one run larger than this (in samples) is a restart of that voice, not a gap. */
const MAX_RUN_JUMP = 10 * 48_000;
/** Silence filled per tick at most (1 s), so a stalled clock does not flood the socket. */
const MAX_FILL_PER_TICK = 50;

/**
 * One continuous Opus RTP stream out of voices that come and go: the interpreters of a channel
 * one after another (cough, handover, back), or one microphone that mutes and unmutes. Each
 * voice's packets keep their own spacing within a run; a new run (another voice, or the same
 * one after a pause) starts where the track has got to; and where nobody speaks, 20 ms Opus
 * silence frames fill the track, so it lasts as long as the clock ran and plays as one track
 * that says what listeners heard. Sequence numbers, timestamps and SSRC are the track's own.
 * Pure: the caller passes the time and sends what comes back.
 */
export class ContinuousAudio {
  readonly #ssrc: number;
  readonly #payloadType: number;
  readonly #startedAt: number;
  readonly #firstTimestamp: number;
  readonly #holdBack: number;
  readonly #jitter: number;
  #nextSequence: number;
  /** Samples written so far: the track's length. */
  #written = 0;
  #run: Run | undefined;
  #silentSamples = 0;

  constructor(options: ContinuousAudioOptions) {
    this.#ssrc = options.ssrc;
    this.#payloadType = options.payloadType;
    this.#startedAt = options.startedAt;
    this.#firstTimestamp = options.firstTimestamp ?? 0;
    this.#nextSequence = options.firstSequence ?? 0;
    this.#holdBack = (options.holdBackMs ?? 300) * SAMPLES_PER_MS;
    this.#jitter = (options.jitterMs ?? 40) * SAMPLES_PER_MS;
  }

  /** The track's length so far, in ms. */
  get writtenMs(): number {
    return this.#written / SAMPLES_PER_MS;
  }

  /** How much of the track is filled-in silence, in ms. */
  get silentMs(): number {
    return this.#silentSamples / SAMPLES_PER_MS;
  }

  /** A packet of the voice `source` arrived at `now`; returns what to send (silence first, if there was a gap). */
  push(source: string, packet: RtpPacket, now: number): RtpPacket[] {
    const samples = opusPacketSamples(packet.payload);
    if (samples === undefined) return [];
    const out: RtpPacket[] = [];
    const run = this.#run;
    let at: number;
    if (run && run.source === source && run.ssrc === packet.ssrc && Math.abs(timestampDelta(packet.timestamp, run.lastIn)) <= MAX_RUN_JUMP) {
      at = run.lastOut + timestampDelta(packet.timestamp, run.lastIn);
      // Already written over (a late or repeated packet, or the last words of a voice handed over).
      if (at < this.#written) return [];
    } else {
      at = Math.max(this.#written, this.#clock(now) - this.#jitter);
    }
    // A gap before it: whole frames of silence, and the voice goes on right after them.
    this.#fill(out, Math.floor((at - this.#written) / OPUS_SILENCE_SAMPLES));
    at = this.#written;
    out.push(this.#packet(packet.payload, at, !run || run.source !== source));
    this.#written = at + samples;
    this.#run = { source, ssrc: packet.ssrc, lastIn: packet.timestamp, lastOut: at };
    return out;
  }

  /** Call often (every 20 ms): silence for the time nobody spoke, up to a little behind the clock. */
  tick(now: number): RtpPacket[] {
    const out: RtpPacket[] = [];
    const frames = Math.floor((this.#clock(now) - this.#holdBack - this.#written) / OPUS_SILENCE_SAMPLES);
    if (frames > 0) {
      this.#fill(out, Math.min(frames, MAX_FILL_PER_TICK));
      // The next packet starts a new run where the silence ended.
      this.#run = undefined;
    }
    return out;
  }

  /** The track ends at `now`: silence up to it (to the nearest frame). */
  finish(now: number): RtpPacket[] {
    const out: RtpPacket[] = [];
    this.#fill(out, Math.round((this.#clock(now) - this.#written) / OPUS_SILENCE_SAMPLES));
    this.#run = undefined;
    return out;
  }

  #clock(now: number): number {
    return Math.max(0, Math.round((now - this.#startedAt) * SAMPLES_PER_MS));
  }

  #fill(out: RtpPacket[], frames: number): void {
    for (let i = 0; i < frames; i++) {
      out.push(this.#packet(OPUS_SILENCE, this.#written, false));
      this.#written += OPUS_SILENCE_SAMPLES;
      this.#silentSamples += OPUS_SILENCE_SAMPLES;
    }
  }

  #packet(payload: Buffer, at: number, marker: boolean): RtpPacket {
    const sequenceNumber = this.#nextSequence;
    this.#nextSequence = (this.#nextSequence + 1) & 0xffff;
    return { payloadType: this.#payloadType, marker, sequenceNumber, timestamp: (this.#firstTimestamp + at) >>> 0, ssrc: this.#ssrc, payload };
  }
}

/**
 * Lets a video track through from its first key frame on (what comes before cannot be decoded),
 * as it came: one consumer's stream is already continuous.
 */
export class KeyFrameGate {
  #open = false;

  constructor(private readonly startsKeyFrame: (payload: Buffer) => boolean) {}

  get open(): boolean {
    return this.#open;
  }

  /** Whether to pass this packet on. */
  pass(packet: RtpPacket): boolean {
    if (!this.#open && this.startsKeyFrame(packet.payload)) this.#open = true;
    return this.#open;
  }
}
