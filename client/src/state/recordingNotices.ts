import type { RecordedTrack, RecordingFault, RecordingFile, RecordingStatus, TrackFailure } from '@multaqa/shared';
import type { SessionState } from './sessionState.ts';

/**
 * What the recording tells people, as a message key and its parameters: kept so in the client's
 * state (no words in it), and put into words only where it is shown (features/recording/
 * recordingText.ts), so that the words are in one place and can be translated there.
 */
export type TrackRef = { source: RecordedTrack['source'] | RecordingFile['source']; who?: string; language?: string; part?: number; fromMs?: number };

export type RecordingMessage =
  | { key: 'recording.interrupted'; params: Record<string, never> }
  | { key: 'recording.diskFull'; params: { freeMb: number; minFreeMb: number } }
  | { key: 'recording.trackStopped'; params: { track: TrackRef; atMs: number; cause: 'writerExited' | 'diskFull' } }
  | { key: 'recording.trackFailed'; params: { track: TrackRef; atMs: number; failure: TrackFailure } }
  /** A file in the recordings list: "Khadija: camera, part 2 (from 0:12:03)". */
  | { key: 'recording.file'; params: { track: TrackRef } };

function trackRef({ source, participant, language, part }: RecordedTrack): TrackRef {
  return { source, ...(participant ? { who: participant.name } : {}), ...(language ? { language } : {}), ...(part && part > 1 ? { part } : {}) };
}

/** A recording:faulted notification, as a message. */
export function recordingFaultMessage(fault: RecordingFault): RecordingMessage {
  switch (fault.fault) {
    case 'diskFull':
      return { key: 'recording.diskFull', params: { freeMb: fault.freeMb, minFreeMb: fault.minFreeMb } };
    case 'trackStopped':
      return { key: 'recording.trackStopped', params: { track: trackRef(fault.track), atMs: fault.atMs, cause: fault.cause } };
    case 'trackFailed':
      return { key: 'recording.trackFailed', params: { track: trackRef(fault.track), atMs: fault.atMs, failure: { reason: fault.reason, ...(fault.detail ? { detail: fault.detail } : {}) } } };
  }
}


/** Moderators see this many recording notices at most (the newest). */
const KEPT = 5;

/** recording:faulted (moderators only): the notice is kept, as a message. */
export function recordingFaulted(s: SessionState, fault: RecordingFault): SessionState {
  return { ...s, recordingNotices: [...s.recordingNotices, recordingFaultMessage(fault)].slice(-KEPT) };
}

/**
 * recording:changed: a new recording starts with no notices; one that stops keeps what failed
 * in it, but not "the rest is still being recorded" (a track that stopped) any more; one that
 * went away with its server says so.
 */
export function recordingChanged(s: SessionState, recording: RecordingStatus | null, interrupted?: boolean): SessionState {
  const started = recording !== null && recording.id !== s.recording?.id;
  const kept = started ? [] : recording ? s.recordingNotices : s.recordingNotices.filter((notice) => notice.key !== 'recording.trackStopped');
  const notices: RecordingMessage[] = interrupted ? [...kept, { key: 'recording.interrupted', params: {} }] : kept;
  return { ...s, recording, recordingNotices: notices.slice(-KEPT) };
}

/** A moderator dismissed a notice. */
export function recordingNoticeDismissed(s: SessionState, notice: RecordingMessage): SessionState {
  return { ...s, recordingNotices: s.recordingNotices.filter((kept) => kept !== notice) };
}
