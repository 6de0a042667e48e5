import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingArchive, type Manifest } from './recordingArchive.ts';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';

function manifest(id: string, startedAt: string, tracks: Manifest['tracks'] = []): Manifest {
  return { id, sessionId: 'plenary-1', processId: 'p', by: { id: 'mona', name: 'Mona' }, startedAt, stoppedAt: null, status: 'recording', tracks };
}

describe('RecordingArchive', () => {
  let root: string;
  let archive: RecordingArchive;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'multaqa-archive-'));
    archive = new RecordingArchive(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists the recordings of a session, newest first, and leaves out what is not one', async () => {
    await archive.create('plenary-1', ID);
    await archive.writeManifest(manifest(ID, '2025-05-01T09:00:00.000Z'));
    await archive.create('plenary-1', OTHER);
    await archive.writeManifest(manifest(OTHER, '2025-05-01T10:00:00.000Z'));
    mkdirSync(join(root, 'plenary-1', 'not-a-recording'));
    mkdirSync(join(root, 'plenary-1', '2c1b8f3e-2d34-4c1e-9b0e-2f6f0d3c9a11'));
    writeFileSync(join(root, 'plenary-1', '2c1b8f3e-2d34-4c1e-9b0e-2f6f0d3c9a11', 'manifest.json'), '{ broken');
    expect((await archive.list('plenary-1')).map((m) => m.id)).toEqual([OTHER, ID]);
    expect(await archive.list('plenary-2')).toEqual([]);
  });

  it('gives the path of listed files only: tracks of the manifest, the log, the manifest', async () => {
    const dir = await archive.create('plenary-1', ID);
    await archive.writeManifest(manifest(ID, '2025-05-01T09:00:00.000Z', [{ file: 'channel-fr.ogg', kind: 'audio', source: 'channel', codec: 'opus', language: 'fr', startOffsetMs: 0 }]));
    expect(await archive.fileOf('plenary-1', ID, 'channel-fr.ogg')).toBe(join(dir, 'channel-fr.ogg'));
    expect(await archive.fileOf('plenary-1', ID, 'log.json')).toBe(join(dir, 'log.json'));
    for (const name of ['channel-es.ogg', '../manifest.json', 'x.sdp', 'manifest.json.tmp']) expect(await archive.fileOf('plenary-1', ID, name)).toBeUndefined();
    expect(await archive.fileOf('plenary-1', OTHER, 'channel-fr.ogg')).toBeUndefined();
    expect(await archive.fileOf('plenary-1', 'not-a-uuid', 'log.json')).toBeUndefined();
    // A manifest copied under another session's directory is not that session's.
    mkdirSync(join(root, 'plenary-2', ID), { recursive: true });
    writeFileSync(join(root, 'plenary-2', ID, 'manifest.json'), JSON.stringify(manifest(ID, '2025-05-01T09:00:00.000Z')));
    expect(await archive.fileOf('plenary-2', ID, 'log.json')).toBeUndefined();
  });

  it('writes JSON whole (no temporary file left behind) and sizes files', async () => {
    await archive.create('plenary-1', ID);
    await archive.writeLog('plenary-1', ID, { entries: [1, 2, 3] });
    expect(readdirSync(archive.dirOf('plenary-1', ID))).toEqual(['log.json']);
    expect(await archive.sizeOf('plenary-1', ID, 'log.json')).toBeGreaterThan(10);
    expect(await archive.sizeOf('plenary-1', ID, 'missing.ogg')).toBe(0);
    expect(() => archive.dirOf('../etc', ID)).toThrow();
  });
});
