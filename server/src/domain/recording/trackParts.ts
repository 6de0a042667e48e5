import type { TrackFailure } from '@multaqa/shared';
import type { Codec } from './tracks.ts';

export type { TrackFailure, TrackFailureReason } from '@multaqa/shared';

export type StageSource = 'microphone' | 'camera';

/** A stage producer as the recording places it in a file. */
export type StageProducer = { participantId: string; source: StageSource; codec: Codec };

/**
 * Where a stage producer is written. `continue`: into the part that is open for its person and
 * source (a microphone that comes back after a reconnect, a reload, leaving and coming back);
 * `open`: a new part, numbered from 1 within its person and source.
 */
export type Placement = { action: 'continue'; file: string; part: number } | { action: 'open'; file: string; part: number };

type Part = { file: string; part: number; codec: Codec; open: boolean };

/**
 * Which file of a recording each stage producer goes into (pure bookkeeping, no media): one
 * file per person and source, across reconnects, wherever it can be continued.
 *
 * Audio continues: a microphone's file is written by the recorder as one continuous Opus stream
 * (silence where nobody speaks, see ContinuousAudio), so a new producer of the same person goes
 * on in the same file, its timeline still the recording's. Only a part whose writer stopped
 * (or another codec) makes a new part.
 *
 * Video does not: each camera producer is a new part (its own file, from its first key frame),
 * labelled with its number and where it starts in the recording. ffmpeg copies the stream as
 * it comes, and a new producer brings a new SSRC, new timestamps and sequence numbers and
 * possibly another size: continuing it would need the picture re-encoded live.
 */
export class StageParts {
  readonly #byKey = new Map<string, Part[]>();

  constructor(private readonly name: (base: string, codec: Codec) => string) {}

  /** The file a producer goes into: decided here, and an `open` one counted as open from now on. */
  place(producer: StageProducer): Placement {
    const key = keyOf(producer);
    const parts = this.#byKey.get(key) ?? [];
    this.#byKey.set(key, parts);
    const last = parts.at(-1);
    if (producer.source === 'microphone' && last?.open && last.codec === producer.codec) return { action: 'continue', file: last.file, part: last.part };
    const part = parts.length + 1;
    const base = `${producer.source}-${producer.participantId}${part === 1 ? '' : `-part${part}`}`;
    const file = this.name(base, producer.codec);
    parts.push({ file, part, codec: producer.codec, open: true });
    return { action: 'open', file, part };
  }

  /** A part could not be set up after all: it is forgotten (the next producer takes its number). */
  abandon(file: string): void {
    for (const [key, parts] of this.#byKey) {
      const index = parts.findIndex((p) => p.file === file);
      if (index === -1) continue;
      parts.splice(index, 1);
      if (parts.length === 0) this.#byKey.delete(key);
    }
  }

  /** A part is over (its producer went and it is a camera, or its writer stopped): nothing more goes into it. */
  close(file: string): void {
    for (const parts of this.#byKey.values()) for (const part of parts) if (part.file === file) part.open = false;
  }

  /** How many parts a person's source has so far. */
  partsOf(participantId: string, source: StageSource): number {
    return this.#byKey.get(keyOf({ participantId, source }))?.length ?? 0;
  }
}

function keyOf({ participantId, source }: { participantId: string; source: StageSource }): string {
  return `${participantId}\u0000${source}`;
}


/** What is known of a finished track, to tell whether (and why) it failed. */
export type TrackOutcome = {
  kind: 'audio' | 'video';
  /** The file's size (0: missing or empty). */
  bytes: number;
  /** Media packets the track received from its producers. */
  packets: number;
  /** Video: whether a key frame came (the file starts at it). */
  keyFrame?: boolean;
  /** Video: whether every producer of the track was paused (camera off) the whole time. */
  pausedThroughout?: boolean;
  /** What its writer said last. */
  stderr: string;
  /** The writer stopped early because the disk was full. */
  diskFull?: boolean;
};

/**
 * A track failed when it left no playable file: a camera from which no picture came (off, or
 * nothing received), or a track whose writer wrote nothing. A track with a file (a microphone's
 * silence included, or one whose writer stopped early) did not fail.
 */
export function failureOf(outcome: TrackOutcome): TrackFailure | undefined {
  // A camera's file starts at its first key frame: before one, nothing is written.
  if (outcome.kind === 'video' && !outcome.keyFrame) {
    if (outcome.pausedThroughout) return { reason: 'cameraOff' };
    return { reason: outcome.packets === 0 ? 'noMedia' : 'noPicture' };
  }
  if (outcome.bytes > 0) return undefined;
  if (outcome.diskFull) return { reason: 'diskFull' };
  const detail = recorderError(outcome.stderr);
  return { reason: 'recorderFailed', ...(detail ? { detail } : {}) };
}

const DETAIL_MAX = 200;

/**
 * The line of ffmpeg's output that says what went wrong ("Could not find codec parameters for
 * stream 0 (Video: vp8, none): unspecified size"), without the "[sdp @ 0x…]" prefix; its last
 * error-like line, or its last line.
 */
export function recorderError(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter((line) => line.length > 0);
  const telling = lines.filter((line) => /could not|error|invalid|failed|unable|no such|not find|unspecified/i.test(line));
  const line = telling[0] ?? lines.at(-1);
  if (line === undefined) return undefined;
  // Printable ASCII only: it is shown to people and written into the manifest.
  const clean = line.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > DETAIL_MAX ? `${clean.slice(0, DETAIL_MAX - 1)}…` : clean;
}

/**
 * Which track failures the moderators are told of, once each: a camera that is on but gives no
 * picture as it happens, and a track found failed when it ends, unless they were told the same
 * already. A camera that was off the whole time is no fault (it is listed as off).
 */
export class FailureNotices {
  readonly #told = new Map<string, TrackFailure['reason']>();

  tell(file: string, failure: TrackFailure): boolean {
    if (failure.reason === 'cameraOff' || this.#told.get(file) === failure.reason) return false;
    this.#told.set(file, failure.reason);
    return true;
  }
}
