import { mkdir, readdir, readFile, rename, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, ParticipantIdSchema, SlugSchema, TrackFailureSchema } from '@multaqa/shared';
import { RECORDING_FILE_PATTERN } from '../domain/recording/tracks.ts';

const PersonSchema = z.object({ id: ParticipantIdSchema, name: DisplayNameSchema });

export const TrackFileSchema = z.object({
  file: z.string().regex(RECORDING_FILE_PATTERN),
  kind: z.enum(['audio', 'video']),
  source: z.enum(['channel', 'floor', 'microphone', 'camera']),
  codec: z.enum(['opus', 'vp8', 'h264']),
  language: LanguageCodeSchema.optional(),
  participant: PersonSchema.optional(),
  startOffsetMs: z.number().int().nonnegative(),
  /** Known once the track is finished (a recording cut short by a crash lists its tracks without). */
  durationMs: z.number().int().nonnegative().optional(),
  bytes: z.number().int().nonnegative().optional(),
  silentMs: z.number().int().nonnegative().optional(),
  /** Its writer stopped `atMs` into the recording, before the recording ended; `durationMs` is what the file holds. */
  stoppedEarly: z.object({ cause: z.enum(['writerExited', 'diskFull']), atMs: z.number().int().nonnegative() }).optional(),
  /** A stage track's part within its person and source (see StageParts). */
  part: z.number().int().positive().optional(),
  /** It left no playable file, and why. */
  failed: TrackFailureSchema.optional(),
});

/** What a recording's directory holds (manifest.json): written when it starts, as tracks come and go, and when it ends. */
export const ManifestSchema = z.object({
  id: z.uuid(),
  sessionId: SlugSchema,
  processId: z.string(),
  by: PersonSchema,
  startedAt: z.iso.datetime(),
  stoppedAt: z.iso.datetime().nullable(),
  status: z.enum(['recording', 'complete']),
  stopReason: z.string().optional(),
  tracks: z.array(TrackFileSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const MANIFEST = 'manifest.json';
export const LOG = 'log.json';

/**
 * Recordings on disk: RECORDINGS_DIR/<session>/<recording id>/ with the tracks, the speaker
 * log (log.json) and the manifest. Several server processes on one host (or sharing the
 * directory) see each other's recordings.
 */
export class RecordingArchive {
  constructor(readonly root: string) {}

  dirOf(sessionId: string, recordingId: string): string {
    return join(this.root, SlugSchema.parse(sessionId), z.uuid().parse(recordingId));
  }

  async create(sessionId: string, recordingId: string): Promise<string> {
    const dir = this.dirOf(sessionId, recordingId);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  writeManifest(manifest: Manifest): Promise<void> {
    return this.#writeJson(manifest.sessionId, manifest.id, MANIFEST, manifest);
  }

  writeLog(sessionId: string, recordingId: string, log: unknown): Promise<void> {
    return this.#writeJson(sessionId, recordingId, LOG, log);
  }

  /** The session's recordings, newest first (directories without a readable manifest are left out). */
  async list(sessionId: string): Promise<Manifest[]> {
    const sessionDir = join(this.root, SlugSchema.parse(sessionId));
    const names = await readdir(sessionDir).catch(() => [] as string[]);
    const manifests = await Promise.all(names.map((name) => this.manifest(sessionId, name)));
    return manifests.filter((m) => m !== undefined).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  async manifest(sessionId: string, recordingId: string): Promise<Manifest | undefined> {
    if (!z.uuid().safeParse(recordingId).success) return undefined;
    const raw = await readFile(join(this.dirOf(sessionId, recordingId), MANIFEST), 'utf8').catch(() => undefined);
    if (raw === undefined) return undefined;
    try {
      const parsed = ManifestSchema.safeParse(JSON.parse(raw));
      return parsed.success && parsed.data.sessionId === sessionId && parsed.data.id === recordingId ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** The path of one file of a recording that its manifest lists (or its log); undefined for anything else. */
  async fileOf(sessionId: string, recordingId: string, name: string): Promise<string | undefined> {
    if (!RECORDING_FILE_PATTERN.test(name)) return undefined;
    const manifest = await this.manifest(sessionId, recordingId);
    if (!manifest) return undefined;
    if (name !== LOG && name !== MANIFEST && !manifest.tracks.some((track) => track.file === name)) return undefined;
    return join(this.dirOf(sessionId, recordingId), name);
  }

  /** Free space for recordings (bytes), as unprivileged writers get it. */
  async freeBytes(): Promise<number> {
    await mkdir(this.root, { recursive: true });
    const disk = await statfs(this.root);
    return disk.bavail * disk.bsize;
  }

  /** The size of a file of a recording, 0 if it is not there. */
  async sizeOf(sessionId: string, recordingId: string, name: string): Promise<number> {
    return stat(join(this.dirOf(sessionId, recordingId), name)).then(
      (file) => file.size,
      () => 0,
    );
  }

  async #writeJson(sessionId: string, recordingId: string, name: string, value: unknown): Promise<void> {
    const path = join(this.dirOf(sessionId, recordingId), name);
    // Written whole and renamed, so a reader (or a crash) never sees half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temporary, path);
  }
}
