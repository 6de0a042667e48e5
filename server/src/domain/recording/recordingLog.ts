import type { Booth, FloorHolder, SpeakerQueue } from '@multaqa/shared';

export type Person = { id: string; name: string };

/** Why a recording ended (`diskFull`: the recordings disk fell below RECORDINGS_MIN_FREE_MB). */
export type StopReason = 'stopped' | 'sessionClosed' | 'serverShutdown' | 'mediaRestarted' | 'failed' | 'diskFull';

export type TrackInfo = {
  file: string;
  kind: 'audio' | 'video';
  /**
   * `channel`: an interpretation channel as its listeners heard it; `floor`: every stage
   * microphone mixed (made after the recording); otherwise one stage producer.
   */
  source: 'channel' | 'floor' | 'microphone' | 'camera';
  codec: 'opus' | 'vp8' | 'h264';
  participant?: Person;
  language?: string;
  /** A stage track's part (1, 2, …) within its person and source: a camera's new producer is a new part (see StageParts). */
  part?: number;
};

/** What happened, as the speaker log tells it. */
export type LogEvent =
  | {
      type: 'recording.started';
      by: Person;
      /** How things stood when the recording started. */
      floor: Person | null;
      activeSpeaker: Person | null;
      booths: { language: string; onAir: Person | null; coughing: boolean }[];
    }
  | { type: 'recording.stopped'; reason: StopReason; by?: Person }
  | { type: 'floor.given'; to: Person }
  | { type: 'floor.passed'; from: Person; to: Person }
  | { type: 'floor.taken'; from: Person }
  | { type: 'floor.timeLimitChanged'; holder: Person; limitSeconds: number }
  | { type: 'speaker.active'; speaker: Person }
  | { type: 'booth.onAir'; language: string; interpreter: Person }
  | { type: 'booth.offAir'; language: string; interpreter: Person }
  | { type: 'booth.handoverOffered'; language: string; by: Person }
  | { type: 'booth.handoverCancelled'; language: string; by: Person }
  /** `offered`: the partner took an offered handover; otherwise they took the channel over. */
  | { type: 'booth.handover'; language: string; from: Person; to: Person; offered: boolean }
  | { type: 'booth.coughStarted'; language: string; interpreter: Person }
  | { type: 'booth.coughEnded'; language: string; interpreter: Person }
  | ({ type: 'track.started' } & TrackInfo)
  /** A person's microphone came back (a reconnect, a reload) and goes on in its file, after silence while they were away. */
  | { type: 'track.continued'; file: string; participant: Person }
  /** `stoppedEarly`: its writer stopped before the recording ended (see the manifest). */
  | { type: 'track.ended'; file: string; stoppedEarly?: true };

/** One line of the log: when (ms from the recording's start, and the wall-clock time) and what. */
export type LogEntry = { offsetMs: number; at: string } & LogEvent;

export type RecordingLogJson = { startedAt: string; stoppedAt: string | null; entries: LogEntry[] };

export type InitialState = {
  by: Person;
  queue: SpeakerQueue;
  booths: Booth[];
  activeSpeaker: Person | null;
};

/**
 * The speaker log of one recording, built from the session's changes as they come (from any
 * server process, so stale or repeated ones are ignored by version): floor changes from the
 * queue, on-air, handover and cough from each booth, the loudest speaker. Pure: the caller
 * passes the time of each change.
 */
export class RecordingLog {
  readonly #entries: LogEntry[] = [];
  readonly #booths = new Map<string, Booth>();
  #queue: SpeakerQueue;
  #activeSpeaker: string | null;
  #stoppedAt: number | null = null;

  constructor(
    private readonly startedAt: number,
    initial: InitialState,
  ) {
    this.#queue = initial.queue;
    this.#activeSpeaker = initial.activeSpeaker?.id ?? null;
    for (const booth of initial.booths) this.#booths.set(booth.language, booth);
    this.#add(startedAt, {
      type: 'recording.started',
      by: initial.by,
      floor: initial.queue.current ? holder(initial.queue.current) : null,
      activeSpeaker: initial.activeSpeaker,
      booths: initial.booths.map((booth) => ({
        language: booth.language,
        onAir: booth.onAir === null ? null : interpreter(booth, booth.onAir),
        coughing: booth.onAir !== null && booth.muted,
      })),
    });
  }

  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  get stopped(): boolean {
    return this.#stoppedAt !== null;
  }

  floorChanged(queue: SpeakerQueue, now: number): void {
    if (this.stopped || queue.version <= this.#queue.version) return;
    const before = this.#queue.current;
    const after = queue.current;
    this.#queue = queue;
    if (before === null && after !== null) this.#add(now, { type: 'floor.given', to: holder(after) });
    else if (before !== null && after === null) this.#add(now, { type: 'floor.taken', from: holder(before) });
    else if (before !== null && after !== null) {
      if (before.participantId !== after.participantId) this.#add(now, { type: 'floor.passed', from: holder(before), to: holder(after) });
      else if (before.startedAt !== after.startedAt) this.#add(now, { type: 'floor.given', to: holder(after) });
      else if (before.limitSeconds !== after.limitSeconds) {
        this.#add(now, { type: 'floor.timeLimitChanged', holder: holder(after), limitSeconds: after.limitSeconds });
      }
    }
  }

  boothChanged(booth: Booth, now: number): void {
    const before = this.#booths.get(booth.language);
    if (this.stopped || !before || booth.version <= before.version) return;
    this.#booths.set(booth.language, booth);
    const { language } = booth;
    const person = (id: string) => interpreter(booth, id, before);
    if (before.onAir !== booth.onAir) {
      if (before.onAir !== null && booth.onAir !== null) {
        const offered = before.handoverOfferedBy === before.onAir;
        this.#add(now, { type: 'booth.handover', language, from: person(before.onAir), to: person(booth.onAir), offered });
      } else if (booth.onAir !== null) this.#add(now, { type: 'booth.onAir', language, interpreter: person(booth.onAir) });
      else if (before.onAir !== null) this.#add(now, { type: 'booth.offAir', language, interpreter: person(before.onAir) });
      return;
    }
    if (booth.onAir === null) return;
    if (before.muted !== booth.muted) {
      this.#add(now, { type: booth.muted ? 'booth.coughStarted' : 'booth.coughEnded', language, interpreter: person(booth.onAir) });
    }
    if (before.handoverOfferedBy !== booth.handoverOfferedBy) {
      if (booth.handoverOfferedBy !== null) this.#add(now, { type: 'booth.handoverOffered', language, by: person(booth.handoverOfferedBy) });
      else if (before.handoverOfferedBy !== null) this.#add(now, { type: 'booth.handoverCancelled', language, by: person(before.handoverOfferedBy) });
    }
  }

  activeSpeakerChanged(speaker: Person | null, now: number): void {
    const id = speaker?.id ?? null;
    if (this.stopped || id === this.#activeSpeaker) return;
    this.#activeSpeaker = id;
    if (speaker) this.#add(now, { type: 'speaker.active', speaker });
  }

  trackStarted(track: TrackInfo, now: number): void {
    if (!this.stopped) this.#add(now, { type: 'track.started', ...track });
  }

  trackContinued(file: string, participant: Person, now: number): void {
    if (!this.stopped) this.#add(now, { type: 'track.continued', file, participant });
  }

  trackEnded(file: string, now: number, stoppedEarly = false): void {
    if (!this.stopped) this.#add(now, { type: 'track.ended', file, ...(stoppedEarly ? { stoppedEarly: true as const } : {}) });
  }

  stop(reason: StopReason, now: number, by?: Person): void {
    if (this.stopped) return;
    this.#add(now, { type: 'recording.stopped', reason, ...(by ? { by } : {}) });
    this.#stoppedAt = now;
  }

  toJSON(): RecordingLogJson {
    return {
      startedAt: new Date(this.startedAt).toISOString(),
      stoppedAt: this.#stoppedAt === null ? null : new Date(this.#stoppedAt).toISOString(),
      entries: [...this.#entries],
    };
  }

  #add(now: number, event: LogEvent): void {
    // Changes can reach this process in a different order than the clock says; the log keeps it monotonic.
    const offsetMs = Math.max(0, now - this.startedAt, this.#entries.at(-1)?.offsetMs ?? 0);
    this.#entries.push({ offsetMs, at: new Date(this.startedAt + offsetMs).toISOString(), ...event });
  }
}

function holder(current: FloorHolder): Person {
  return { id: current.participantId, name: current.name };
}

/** An interpreter by id, from the booth as it is now or was before (one who left is only in the old one). */
function interpreter(booth: Booth, id: string, before?: Booth): Person {
  const found = booth.interpreters.find((i) => i.id === id) ?? before?.interpreters.find((i) => i.id === id);
  return { id, name: found?.name ?? id };
}
