import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// A test never reads or writes the state of whoever runs it: the recordings of their own
// `npm start` (or of an earlier run kept in the CI cache) would otherwise show up in a test's
// session. Each test file gets an empty state directory, inherited by the servers it spawns.
const stateDir = mkdtempSync(join(tmpdir(), 'multaqa-state-'));
process.env.MULTAQA_STATE_DIR = stateDir;
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
