// `npm run conference -- --import conference.json`   (REDIS_URL: the servers' Redis)
// `npm run conference -- --export <conference id>`
// The agenda of a conference — days, sessions, floor and interpretation languages — as one JSON
// file checked against the protocol's ConferenceSchema before anything is written.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { ConferenceSchema } from '@multaqa/shared';
import { ConfigError, loadRedisUrl } from '../config.ts';
import { ConferenceStore } from '../store/conferenceStore.ts';

const USAGE = 'usage: npm run conference -- --import <file.json>  |  --export <conference id>   (REDIS_URL must name the servers\' Redis)';

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { import?: string; export?: string };
  try {
    ({ values } = parseArgs({ options: { import: { type: 'string' }, export: { type: 'string' } } }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.import && !values.export) fail('say what to do');
  let url: string;
  try {
    url = loadRedisUrl(process.env);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  let conference;
  if (values.import) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(values.import, 'utf8'));
    } catch (error) {
      fail(`cannot read ${values.import}: ${(error as Error).message}`);
    }
    const parsed = ConferenceSchema.safeParse(raw);
    if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('\n'));
    conference = parsed.data;
  }
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const store = new ConferenceStore(redis);
    if (conference) {
      await store.put(conference);
      process.stdout.write(`imported ${conference.id}: ${conference.sessions.length} sessions (${conference.sessions.map((s) => s.id).join(', ')})\n`);
    } else {
      const found = await store.conference(values.export!);
      if (!found) fail(`no conference '${values.export}'`);
      process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    }
  } finally {
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.message ?? error)}\n`);
  process.exit(1);
});
