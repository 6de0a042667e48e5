import type { RecordedTrack, RecordingFault } from '@multaqa/shared';
import { languageName } from '../components/roleLabel.ts';

/** What moderators are told when part or all of the recording failed (recording:faulted). */
export function recordingFaultNotice(fault: RecordingFault): string {
  if (fault.fault === 'diskFull') {
    return `The recording stopped: the server's disk is nearly full (${fault.freeMb} MB free, ${fault.minFreeMb} MB needed). What was recorded is kept.`;
  }
  const why = fault.cause === 'diskFull' ? "the server's disk is full" : 'the program recording it stopped';
  return `The recording of ${trackName(fault.track)} stopped at ${clock(fault.atMs)} (${why}). Everything else is still being recorded; to record it again, stop and start the recording.`;
}

function trackName(track: RecordedTrack): string {
  if (track.source === 'channel') return `the ${languageName(track.language ?? '')} channel`;
  return `${track.participant?.name ?? 'a speaker'}'s ${track.source}`;
}

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
