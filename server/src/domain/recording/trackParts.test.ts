import { describe, expect, it } from 'vitest';
import { FailureNotices, failureOf, recorderError, StageParts } from './trackParts.ts';
import { TrackNames } from './tracks.ts';

const names = () => {
  const tracks = new TrackNames();
  return (base: string, codec: 'opus' | 'vp8' | 'h264') => tracks.stage(base, codec);
};

describe('which file a stage producer goes into', () => {
  it("continues a person's microphone file through reconnects: one file per person and source", () => {
    const parts = new StageParts(names());
    const yusuf = { participantId: 'yusuf', source: 'microphone' as const, codec: 'opus' as const };
    expect(parts.place(yusuf)).toEqual({ action: 'open', file: 'microphone-yusuf.ogg', part: 1 });
    // Seven reconnects: still the one file.
    for (let i = 0; i < 7; i++) expect(parts.place(yusuf)).toEqual({ action: 'continue', file: 'microphone-yusuf.ogg', part: 1 });
    expect(parts.place({ participantId: 'khadija', source: 'microphone', codec: 'opus' })).toEqual({ action: 'open', file: 'microphone-khadija.ogg', part: 1 });
    expect(parts.partsOf('yusuf', 'microphone')).toBe(1);
  });

  it('makes a new microphone part only when the open one cannot be continued (its writer stopped)', () => {
    const parts = new StageParts(names());
    const sara = { participantId: 'sara', source: 'microphone' as const, codec: 'opus' as const };
    parts.place(sara);
    parts.close('microphone-sara.ogg');
    expect(parts.place(sara)).toEqual({ action: 'open', file: 'microphone-sara-part2.ogg', part: 2 });
    expect(parts.place(sara)).toEqual({ action: 'continue', file: 'microphone-sara-part2.ogg', part: 2 });
  });

  it('gives each camera producer a numbered part of its own', () => {
    const parts = new StageParts(names());
    const khadija = { participantId: 'khadija', source: 'camera' as const, codec: 'vp8' as const };
    expect(parts.place(khadija)).toEqual({ action: 'open', file: 'camera-khadija.webm', part: 1 });
    parts.close('camera-khadija.webm');
    expect(parts.place(khadija)).toEqual({ action: 'open', file: 'camera-khadija-part2.webm', part: 2 });
    expect(parts.place({ ...khadija, codec: 'h264' })).toEqual({ action: 'open', file: 'camera-khadija-part3.mkv', part: 3 });
    expect(parts.partsOf('khadija', 'camera')).toBe(3);
    expect(parts.partsOf('khadija', 'microphone')).toBe(0);
  });

  it('forgets a part that could not be set up', () => {
    const parts = new StageParts(names());
    const omar = { participantId: 'omar', source: 'camera' as const, codec: 'vp8' as const };
    parts.place(omar);
    parts.abandon('camera-omar.webm');
    expect(parts.partsOf('omar', 'camera')).toBe(0);
    expect(parts.place(omar)).toMatchObject({ action: 'open', part: 1 });
  });
});

describe('why a track failed', () => {
  const video = { kind: 'video' as const, bytes: 0, packets: 0, keyFrame: false, stderr: '' };
  const ffmpegSaid = '[sdp @ 0x55d0c8a0] Could not find codec parameters for stream 0 (Video: vp8, none): unspecified size\nConsider increasing the value for the analyzeduration\n';

  it('a camera from which no picture came: off the whole time, nothing received, or no key frame', () => {
    expect(failureOf({ ...video, pausedThroughout: true, stderr: ffmpegSaid })).toEqual({ reason: 'cameraOff' });
    expect(failureOf({ ...video, stderr: ffmpegSaid })).toEqual({ reason: 'noMedia' });
    expect(failureOf({ ...video, packets: 300 })).toEqual({ reason: 'noPicture' });
  });

  it('a track whose recorder wrote nothing, with what the recorder said', () => {
    expect(failureOf({ kind: 'audio', bytes: 0, packets: 100, stderr: ffmpegSaid })).toEqual({
      reason: 'recorderFailed',
      detail: 'Could not find codec parameters for stream 0 (Video: vp8, none): unspecified size',
    });
    expect(failureOf({ ...video, keyFrame: true, packets: 10, diskFull: true })).toEqual({ reason: 'diskFull' });
    expect(failureOf({ kind: 'audio', bytes: 0, packets: 0, stderr: '' })).toEqual({ reason: 'recorderFailed' });
  });

  it('not a track with a file: a silent microphone, a camera that stopped early', () => {
    expect(failureOf({ kind: 'audio', bytes: 4_000, packets: 0, stderr: '' })).toBeUndefined();
    expect(failureOf({ ...video, keyFrame: true, packets: 900, bytes: 120_000, stderr: 'killed' })).toBeUndefined();
  });

  it("words ffmpeg's error as one clean, short line", () => {
    expect(recorderError('')).toBeUndefined();
    expect(recorderError('some warning\n')).toBe('some warning');
    expect(recorderError(`x\n[webm @ 0x1] Error: \u0007${'a'.repeat(400)}\n`)).toMatch(/^Error: \?a+…$/);
    expect(recorderError(`x\n[webm @ 0x1] Error: ${'a'.repeat(400)}`)!.length).toBe(200);
  });
});

describe('which failures the moderators are told of', () => {
  it('each once, and not a camera that was off', () => {
    const notices = new FailureNotices();
    expect(notices.tell('camera-sara.webm', { reason: 'noMedia' })).toBe(true);
    expect(notices.tell('camera-sara.webm', { reason: 'noMedia' })).toBe(false);
    expect(notices.tell('camera-sara-part2.webm', { reason: 'noMedia' })).toBe(true);
    expect(notices.tell('camera-sara.webm', { reason: 'recorderFailed', detail: 'x' })).toBe(true);
    expect(notices.tell('camera-omar.webm', { reason: 'cameraOff' })).toBe(false);
  });
});
