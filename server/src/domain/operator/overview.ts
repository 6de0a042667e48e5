import type {
  Booth,
  ListenerCounts,
  OperatorBooth,
  OperatorOverview,
  OperatorProcess,
  ProcessLoad,
  SessionInfo,
  SpeakerQueue,
} from '@multaqa/shared';

/** An interpreter's voice as the process it is published on sees it. */
export type VoiceSnapshot = { participantId: string; language: string; paused: boolean; level: number | null };

/** One server process's answer: its load, and its part of the session (null: not open there). */
export type ProcessSessionSnapshot = {
  processId: string;
  load: ProcessLoad;
  session: { participants: number; listeners: ListenerCounts; voices: VoiceSnapshot[] } | null;
};

/** A live process as the registry (its heartbeat) describes it. */
export type RegistryEntry = { id: string; url?: string | undefined; load?: ProcessLoad | undefined };

export type OverviewInput = {
  session: SessionInfo;
  at: number;
  /** The process putting the overview together. */
  selfId: string;
  /** The booths and the queue as Redis has them (the truth every process follows). */
  booths: Booth[];
  queue: SpeakerQueue;
  registry: RegistryEntry[];
  /** The answers that came in time. */
  snapshots: ProcessSessionSnapshot[];
};

/**
 * One session's operator overview from the parts every process answered: people and listeners
 * add up (each process counts only its own connections, so nobody is counted twice), each
 * interpreter's level comes from the process their voice is published on, booths and queue from
 * Redis. A process in the registry that did not answer is listed, with its heartbeat's load,
 * as not answered: its people are missing from the totals, and the page says so.
 */
export function mergeOverview({ session, at, selfId, booths, queue, registry, snapshots }: OverviewInput): OperatorOverview {
  const languages = session.interpretationLanguages;
  const listeners = emptyCounts(languages);
  let participants = 0;
  const voices = new Map<string, VoiceSnapshot>();
  for (const snapshot of snapshots) {
    if (!snapshot.session) continue;
    participants += snapshot.session.participants;
    addCounts(listeners, snapshot.session.listeners);
    for (const voice of snapshot.session.voices) {
      const known = voices.get(voice.participantId);
      // The same person in two windows for a moment: the voice that flows is the one that counts.
      if (!known || louder(voice, known)) voices.set(voice.participantId, voice);
    }
  }
  const byLanguage = new Map(booths.map((booth) => [booth.language, booth]));
  return {
    session,
    at,
    participants,
    listeners,
    booths: languages.map((language) => boothOverview(byLanguage.get(language), language, voices)),
    queue: { length: queue.entries.length, current: queue.current },
    processes: processList(selfId, registry, snapshots, languages),
  };
}

function boothOverview(booth: Booth | undefined, language: string, voices: ReadonlyMap<string, VoiceSnapshot>): OperatorBooth {
  if (!booth) return { language, live: false, handoverOfferedBy: null, interpreters: [] };
  const live = booth.onAir !== null && !booth.muted;
  return {
    language,
    live,
    handoverOfferedBy: booth.handoverOfferedBy,
    interpreters: booth.interpreters.map(({ id, name }) => {
      const onAir = booth.onAir === id;
      const voice = voices.get(id);
      const publishing = voice !== undefined && voice.language === language;
      const flowing = publishing && onAir && live && !voice.paused;
      return { id, name, onAir, coughing: onAir && booth.muted, publishing, flowing, level: flowing ? voice.level : null };
    }),
  };
}

function processList(selfId: string, registry: RegistryEntry[], snapshots: ProcessSessionSnapshot[], languages: readonly string[]): OperatorProcess[] {
  const answered = new Map(snapshots.map((snapshot) => [snapshot.processId, snapshot]));
  const ids = [...new Set([...registry.map((entry) => entry.id), ...answered.keys()])];
  const entries = new Map(registry.map((entry) => [entry.id, entry]));
  return ids
    .map((id): OperatorProcess => {
      const snapshot = answered.get(id);
      const entry = entries.get(id);
      const load = snapshot?.load ?? entry?.load;
      return {
        id,
        ...(entry?.url ? { url: entry.url } : {}),
        self: id === selfId,
        answered: snapshot !== undefined,
        participants: snapshot?.session?.participants ?? 0,
        listeners: snapshot?.session ? addCounts(emptyCounts(languages), snapshot.session.listeners) : emptyCounts(languages),
        ...(load ? { load } : {}),
      };
    })
    .sort((a, b) => (a.url ?? a.id).localeCompare(b.url ?? b.id));
}

function louder(candidate: VoiceSnapshot, known: VoiceSnapshot): boolean {
  if (candidate.paused !== known.paused) return !candidate.paused;
  return (candidate.level ?? -Infinity) > (known.level ?? -Infinity);
}

function emptyCounts(languages: readonly string[]): ListenerCounts {
  return { floor: 0, channels: Object.fromEntries(languages.map((language) => [language, 0])) };
}

/** Adds `more` into `into` (channels the session does not have are left out). */
function addCounts(into: ListenerCounts, more: ListenerCounts): ListenerCounts {
  into.floor += more.floor;
  for (const language of Object.keys(into.channels)) into.channels[language]! += more.channels[language] ?? 0;
  return into;
}
