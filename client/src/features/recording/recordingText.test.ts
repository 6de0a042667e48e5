import { describe, expect, it } from 'vitest';
import type { RecordingFile } from '@multaqa/shared';
import { groupedParts } from './recordingText.ts';

const file = (name: string, source: RecordingFile['source'], participant?: string, part?: number): RecordingFile => ({
  name,
  kind: source === 'camera' ? 'video' : 'audio',
  source,
  codec: source === 'camera' ? 'vp8' : 'opus',
  bytes: 1,
  url: `/${name}`,
  ...(participant ? { participant: { id: participant, name: participant } } : {}),
  ...(part ? { part } : {}),
});

describe('the recordings list', () => {
  it("keeps a person's parts of one source together, in the order the sources started", () => {
    const files = [
      file('channel-fr.ogg', 'channel'),
      file('camera-khadija.webm', 'camera', 'khadija', 1),
      file('microphone-khadija.ogg', 'microphone', 'khadija'),
      file('camera-khadija-part2.webm', 'camera', 'khadija', 2),
      file('microphone-omar.ogg', 'microphone', 'omar'),
      file('camera-khadija-part3.webm', 'camera', 'khadija', 3),
    ];
    expect(groupedParts(files).map((f) => f.name)).toEqual([
      'channel-fr.ogg',
      'camera-khadija.webm',
      'camera-khadija-part2.webm',
      'camera-khadija-part3.webm',
      'microphone-khadija.ogg',
      'microphone-omar.ogg',
    ]);
  });
});
