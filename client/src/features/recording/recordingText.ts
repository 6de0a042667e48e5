import type { RecordingFile, TrackFailure } from '@multaqa/shared';
import { languageName } from '../../components/roleLabel.ts';
import type { RecordingMessage, TrackRef } from '../../state/recordingNotices.ts';

/**
 * A file of the recordings list, as a message: its part and where it starts are said when its
 * person's source has more than one part in the recording (`parts`: how many).
 */
export function recordingFileMessage(file: RecordingFile, parts: number): RecordingMessage {
  const numbered = parts > 1 || (file.part ?? 1) > 1;
  return {
    key: 'recording.file',
    params: {
      track: {
        source: file.source,
        ...(file.participant ? { who: file.participant.name } : {}),
        ...(file.language ? { language: file.language } : {}),
        ...(numbered ? { part: file.part ?? 1, fromMs: file.startOffsetMs ?? 0 } : {}),
      },
    },
  };
}

/** How many parts each person's source has in a recording's files (key: participant id + source). */
export function partCounts(files: RecordingFile[]): (file: RecordingFile) => number {
  const key = (file: RecordingFile) => `${file.participant?.id ?? ''}\u0000${file.source}`;
  const counts = new Map<string, number>();
  for (const file of files) if (file.participant) counts.set(key(file), (counts.get(key(file)) ?? 0) + 1);
  return (file) => counts.get(key(file)) ?? 1;
}

/**
 * The files in the order they started, but a person's parts of one source together (a camera's
 * third part, which started last, is listed with its first two, not after everyone else's).
 */
export function groupedParts(files: RecordingFile[]): RecordingFile[] {
  const key = (file: RecordingFile) => (file.participant ? `${file.participant.id}\u0000${file.source}` : file.name);
  const firstAt = new Map<string, number>();
  files.forEach((file, index) => firstAt.has(key(file)) || firstAt.set(key(file), index));
  return files
    .map((file, index) => ({ file, index }))
    .sort((a, b) => firstAt.get(key(a.file))! - firstAt.get(key(b.file))! || a.index - b.index)
    .map(({ file }) => file);
}

// ——— Words (English), at the edge ———

/** A message in words. */
export function recordingText(message: RecordingMessage): string {
  switch (message.key) {
    case 'recording.interrupted':
      return 'The recording stopped: the server recording it went away. What was recorded is kept; start recording again to go on.';
    case 'recording.diskFull':
      return `The recording stopped: the server's disk is nearly full (${message.params.freeMb} MB free, ${message.params.minFreeMb} MB needed). What was recorded is kept.`;
    case 'recording.trackStopped': {
      const { track, atMs, cause } = message.params;
      const why = cause === 'diskFull' ? "the server's disk is full" : 'the program recording it stopped';
      return `The recording of ${trackPhrase(track)} stopped at ${clock(atMs)} (${why}). Everything else is still being recorded; to record it again, stop and start the recording.`;
    }
    case 'recording.trackFailed': {
      const { track, atMs, failure } = message.params;
      const name = trackPhrase(track);
      return `The recording of ${name} failed at ${clock(atMs)}: ${failureText(failure, track.source)}. It is listed as failed in the recordings unless it still comes; everything else is being recorded.`;
    }
    case 'recording.file':
      return fileText(message.params.track);
  }
}

/** Why a track failed, in words a moderator can act on. */
export function failureText(failure: TrackFailure, source: TrackRef['source']): string {
  const what = source === 'camera' ? 'video' : 'sound';
  switch (failure.reason) {
    case 'cameraOff':
      return 'the camera was off the whole time';
    case 'noMedia':
      return `no ${what} was received`;
    case 'noPicture':
      return 'video arrived, but never a whole picture to start from';
    case 'diskFull':
      return "the server's disk was full";
    case 'recorderFailed':
      return failure.detail ? `the recorder failed: ${failure.detail}` : 'the recorder failed';
  }
}

function trackPhrase(track: TrackRef): string {
  if (track.source === 'channel') return `the ${languageName(track.language ?? '')} channel`;
  const part = track.part ? ` (part ${track.part})` : '';
  return `${track.who ?? 'a speaker'}'s ${track.source}${part}`;
}

function fileText(track: TrackRef): string {
  if (track.source === 'log') return 'Speaker log (JSON)';
  if (track.source === 'channel') return `${languageName(track.language ?? '')} channel`;
  if (track.source === 'floor') return `Floor (${languageName(track.language ?? '')}): all microphones`;
  const part = track.part ? `, part ${track.part} (from ${hours(track.fromMs ?? 0)})` : '';
  return `${track.who ?? 'Someone'}: ${track.source}${part}`;
}

/** m:ss into the recording. */
function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** hh:mm:ss into the recording. */
function hours(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
