import type { Logger } from '../logger.ts';
import { mixFloor } from '../media/recording/floorMix.ts';
import type { Manifest, RecordingArchive } from '../store/recordingArchive.ts';

type ManifestTrack = Manifest['tracks'][number];

/**
 * The floor mix of a finished recording (every microphone it wrote), added to its manifest once
 * it is made; undefined when there is nothing to mix. Never rejects.
 */
export function addFloorMix(
  manifest: Manifest,
  lengthMs: number,
  { archive, ffmpeg, language, logger }: { archive: RecordingArchive; ffmpeg: string; language: string; logger: Logger },
): Promise<void> | undefined {
  const microphones = manifest.tracks.filter((track) => track.source === 'microphone' && !track.failed && (track.bytes ?? 0) > 0);
  if (microphones.length === 0 || lengthMs <= 0) return undefined;
  const file = `floor-${language}.ogg`;
  return mixFloor({
    ffmpeg,
    dir: archive.dirOf(manifest.sessionId, manifest.id),
    inputs: microphones.map(({ file: input, startOffsetMs }) => ({ file: input, startOffsetMs })),
    lengthMs,
    output: file,
    logger,
  })
    .then(async (made) => {
      if (!made) return;
      const bytes = await archive.sizeOf(manifest.sessionId, manifest.id, file);
      const floor: ManifestTrack = { file, kind: 'audio', source: 'floor', codec: 'opus', language, startOffsetMs: 0, durationMs: Math.round(lengthMs), bytes };
      await archive.writeManifest({ ...manifest, tracks: [floor, ...manifest.tracks] });
    })
    .catch((error: unknown) => logger.warn({ err: error }, 'could not add the floor mix to the recording'));
}
