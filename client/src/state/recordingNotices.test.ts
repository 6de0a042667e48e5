import { describe, expect, it } from 'vitest';
import type { RecordingFault, RecordingFile } from '@multaqa/shared';
import { failureText, partCounts, recordingFileMessage, recordingText } from '../features/recording/recordingText.ts';
import { recordingChanged, recordingFaulted, recordingFaultMessage } from './recordingNotices.ts';
import { initialSessionState } from './sessionState.ts';

const recordingId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const words = (fault: RecordingFault) => recordingText(recordingFaultMessage(fault));

describe('recording fault notices', () => {
  it('names the track that stopped, when, and why; the rest goes on', () => {
    expect(words({ fault: 'trackStopped', recordingId, cause: 'writerExited', atMs: 75_400, track: { file: 'microphone-sara.ogg', source: 'microphone', participant: { id: 'sara', name: 'Sara' } } })).toBe(
      "The recording of Sara's microphone stopped at 1:15 (the program recording it stopped). Everything else is still being recorded; to record it again, stop and start the recording.",
    );
    expect(words({ fault: 'trackStopped', recordingId, cause: 'diskFull', atMs: 4_000, track: { file: 'channel-fr.ogg', source: 'channel', language: 'fr' } })).toBe(
      "The recording of the French channel stopped at 0:04 (the server's disk is full). Everything else is still being recorded; to record it again, stop and start the recording.",
    );
  });

  it('says the recording stopped for lack of disk space, with both numbers', () => {
    expect(words({ fault: 'diskFull', recordingId, freeMb: 312, minFreeMb: 1024 })).toBe(
      "The recording stopped: the server's disk is nearly full (312 MB free, 1024 MB needed). What was recorded is kept.",
    );
  });

  it('names a track that failed, its part, and why, in words a moderator understands', () => {
    const camera = { file: 'camera-khadija-part2.webm', source: 'camera' as const, participant: { id: 'khadija', name: 'Khadija' }, part: 2 };
    const fault: RecordingFault = { fault: 'trackFailed', recordingId, track: camera, reason: 'noMedia', atMs: 723_000 };
    // Kept as a key and its parameters, no words.
    expect(recordingFaultMessage(fault)).toEqual({
      key: 'recording.trackFailed',
      params: { track: { source: 'camera', who: 'Khadija', part: 2 }, atMs: 723_000, failure: { reason: 'noMedia' } },
    });
    expect(words(fault)).toBe(
      "The recording of Khadija's camera (part 2) failed at 12:03: no video was received. It is listed as failed in the recordings unless it still comes; everything else is being recorded.",
    );
    const detail = 'Could not find codec parameters for stream 0 (Video: vp8, none): unspecified size';
    expect(failureText({ reason: 'recorderFailed', detail }, 'camera')).toBe(`the recorder failed: ${detail}`);
    expect(failureText({ reason: 'cameraOff' }, 'camera')).toBe('the camera was off the whole time');
    expect(failureText({ reason: 'noMedia' }, 'microphone')).toBe('no sound was received');
  });
});

describe('recording notices in the state', () => {
  const status = (id: string) => ({ id, startedAt: '2026-05-01T10:00:00.000Z', by: { id: 'mona', name: 'Mona' } });
  const stopped: RecordingFault = { fault: 'trackStopped', recordingId, cause: 'writerExited', atMs: 1_000, track: { file: 'channel-fr.ogg', source: 'channel', language: 'fr' } };
  const failed: RecordingFault = { fault: 'trackFailed', recordingId, reason: 'noMedia', atMs: 2_000, track: { file: 'camera-sara.webm', source: 'camera' } };

  it('keeps messages (no words) until a new recording starts; "the rest goes on" goes when it stops', () => {
    let s = recordingChanged(initialSessionState, status(recordingId));
    s = recordingFaulted(recordingFaulted(s, stopped), failed);
    expect(s.recordingNotices.map((n) => n.key)).toEqual(['recording.trackStopped', 'recording.trackFailed']);
    expect(JSON.stringify(s.recordingNotices)).not.toMatch(/recording of|failed at/);
    s = recordingChanged(s, null);
    expect(s.recordingNotices.map((n) => n.key)).toEqual(['recording.trackFailed']);
    s = recordingChanged(s, null, true);
    expect(s.recordingNotices.map((n) => n.key)).toEqual(['recording.trackFailed', 'recording.interrupted']);
    expect(recordingChanged(s, status('1f8fad5b-d9cb-469f-a165-70867728950e')).recordingNotices).toEqual([]);
  });
});

describe('files in the recordings list', () => {
  const file = (over: Partial<RecordingFile>): RecordingFile => ({ name: 'x.webm', kind: 'video', source: 'camera', codec: 'vp8', bytes: 1, url: '/x', participant: { id: 'khadija', name: 'Khadija' }, ...over });

  it('labels the parts of a camera with their number and start; a single file plainly', () => {
    const files = [file({ part: 1, startOffsetMs: 0 }), file({ part: 2, startOffsetMs: 723_400 }), file({ source: 'microphone', kind: 'audio', part: 1 })];
    const parts = partCounts(files);
    expect(files.map((f) => recordingText(recordingFileMessage(f, parts(f))))).toEqual(['Khadija: camera, part 1 (from 00:00:00)', 'Khadija: camera, part 2 (from 00:12:03)', 'Khadija: microphone']);
    expect(recordingText(recordingFileMessage(file({ source: 'channel', kind: 'audio', language: 'fr', participant: undefined }), 1))).toBe('French channel');
  });
});
