import { describe, expect, it } from 'vitest';
import { recordingFaultNotice } from './recordingNotices.ts';

const recordingId = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('recording fault notices', () => {
  it('names the track that stopped, when, and why; the rest goes on', () => {
    expect(recordingFaultNotice({ fault: 'trackStopped', recordingId, cause: 'writerExited', atMs: 75_400, track: { file: 'microphone-sara.ogg', source: 'microphone', participant: { id: 'sara', name: 'Sara' } } })).toBe(
      "The recording of Sara's microphone stopped at 1:15 (the program recording it stopped). Everything else is still being recorded; to record it again, stop and start the recording.",
    );
    expect(recordingFaultNotice({ fault: 'trackStopped', recordingId, cause: 'diskFull', atMs: 4_000, track: { file: 'channel-fr.ogg', source: 'channel', language: 'fr' } })).toBe(
      "The recording of the French channel stopped at 0:04 (the server's disk is full). Everything else is still being recorded; to record it again, stop and start the recording.",
    );
  });

  it('says the recording stopped for lack of disk space, with both numbers', () => {
    expect(recordingFaultNotice({ fault: 'diskFull', recordingId, freeMb: 312, minFreeMb: 1024 })).toBe(
      "The recording stopped: the server's disk is nearly full (312 MB free, 1024 MB needed). What was recorded is kept.",
    );
  });
});
