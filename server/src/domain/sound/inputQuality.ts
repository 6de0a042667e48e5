import { formatDecibels, NOT_HEARD_DBOV, TOO_QUIET_DBOV, type InputProblem, type InputQuality, type SenderInputReport } from '@multaqa/shared';

/**
 * One reading of a floor microphone at the server. The packet counters are cumulative and up to
 * the moment (counted from sequence numbers as packets arrive: see PacketArrivals).
 */
export type InputReading = {
  at: number;
  packetsReceived: number;
  packetsLost: number;
  jitterMs: number;
  /** The server's audio-level observer, dBov; null: nothing heard lately. */
  levelDbov: number | null;
};

/**
 * When sound stops being interpretable, and when it is again. A problem is raised on a short
 * window and cleared on a longer, stricter one, so a warning neither flickers nor lingers.
 */
export const INPUT_LIMITS = {
  lossRaisePercent: 5,
  lossRaiseWindowMs: 2_000,
  lossClearPercent: 2,
  lossClearWindowMs: 3_000,
  /** The receiving jitter buffer absorbs less than this (at the cost of delay): only more is unsteady to the ear. */
  jitterRaiseMs: 100,
  jitterClearMs: 60,
  quietDbov: TOO_QUIET_DBOV,
  quietWindowMs: 5_000,
  silentAfterMs: 8_000,
  clippedRaisePercent: 0.5,
  /** A sender's report older than this no longer counts. */
  senderReportMs: 6_000,
};
export type InputLimits = typeof INPUT_LIMITS;

const KEEP_MS = 10_000;

/** The quality of one floor microphone from the readings the server takes of it, one a second. */
export class InputQualityTracker {
  readonly #readings: InputReading[] = [];
  #sender: (SenderInputReport & { at: number }) | undefined;
  #lossy = false;
  #jittery = false;
  #lastHeardAt: number | undefined;
  #firstAt: number | undefined;

  constructor(private readonly limits: InputLimits = INPUT_LIMITS) {}

  /** The sender's browser measured its own microphone (clipping cannot be seen after encoding). */
  senderReport(report: SenderInputReport, at: number): void {
    this.#sender = { ...report, at };
  }

  add(reading: InputReading): InputQuality {
    this.#readings.push(reading);
    while (this.#readings.length > 1 && reading.at - this.#readings[0]!.at > KEEP_MS) this.#readings.shift();
    this.#firstAt ??= reading.at;
    if (reading.levelDbov !== null && reading.levelDbov > NOT_HEARD_DBOV) this.#lastHeardAt = reading.at;
    return this.#assess(reading);
  }

  #assess(now: InputReading): InputQuality {
    const { limits } = this;
    const raiseLoss = this.#lossOver(limits.lossRaiseWindowMs, now);
    const clearLoss = this.#lossOver(limits.lossClearWindowMs, now);
    this.#lossy = this.#lossy ? clearLoss >= limits.lossClearPercent : raiseLoss >= limits.lossRaisePercent;
    this.#jittery = this.#jittery ? now.jitterMs >= limits.jitterClearMs : now.jitterMs >= limits.jitterRaiseMs;
    const lossPercent = this.#lossy ? Math.max(raiseLoss, clearLoss) : raiseLoss;
    const clipping = this.#sender !== undefined && now.at - this.#sender.at <= limits.senderReportMs && this.#sender.clippedPercent >= limits.clippedRaisePercent;

    const problems: string[] = [];
    const causes: InputProblem[] = [];
    const add = (cause: InputProblem, words: string) => {
      causes.push(cause);
      problems.push(words);
    };
    if (this.#lossy) add('loss', `packet loss ${Math.round(lossPercent)}%`);
    if (this.#jittery) add('jitter', `unsteady delivery (jitter ${Math.round(now.jitterMs)} ms)`);
    if (clipping) add('clipping', 'distorted: the microphone is too loud (clipping)');
    const quiet = this.#quietLevel(now);
    if (quiet !== undefined) add('quiet', `very quiet (${formatDecibels(quiet)})`);

    const silentFor = now.at - (this.#lastHeardAt ?? this.#firstAt ?? now.at);
    const silent = problems.length === 0 && silentFor >= limits.silentAfterMs;
    if (silent) add('silence', `no sound for ${Math.round(silentFor / 1000)} s`);
    return {
      status: silent ? 'silent' : problems.length ? 'poor' : 'good',
      problems,
      causes,
      lossPercent: round1(lossPercent),
      jitterMs: round1(now.jitterMs),
      levelDbov: now.levelDbov === null ? null : round1(Math.max(-127, Math.min(0, now.levelDbov))),
      clipping,
    };
  }

  /** Lost packets as a share of those sent over the last `windowMs`, in percent. */
  #lossOver(windowMs: number, now: InputReading): number {
    const since = this.#readings.find((reading) => now.at - reading.at <= windowMs && reading !== now) ?? now;
    const lost = Math.max(0, now.packetsLost - since.packetsLost);
    const received = Math.max(0, now.packetsReceived - since.packetsReceived);
    return lost + received === 0 ? 0 : (100 * lost) / (lost + received);
  }

  /** The average level heard over the quiet window, when it is too low (and something was heard). */
  #quietLevel(now: InputReading): number | undefined {
    const { quietDbov, quietWindowMs } = this.limits;
    if (this.#firstAt === undefined || now.at - this.#firstAt < quietWindowMs) return undefined;
    const heard = this.#readings.filter((r) => now.at - r.at <= quietWindowMs && r.levelDbov !== null && r.levelDbov > NOT_HEARD_DBOV);
    if (heard.length < 3) return undefined;
    const average = heard.reduce((sum, r) => sum + r.levelDbov!, 0) / heard.length;
    return average <= quietDbov ? average : undefined;
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;
