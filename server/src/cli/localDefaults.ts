import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localStateDir } from '../config.ts';

/**
 * For a developer machine: a token secret generated once and kept outside the clone, so the
 * server and `npm run token` agree without anyone configuring anything. Production sets
 * TOKEN_SECRET itself (loadConfig refuses to start without one).
 */
export function withLocalDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.TOKEN_SECRET || env.TOKEN_SECRET_FILE || env.NODE_ENV === 'production') return env;
  const dir = localStateDir(env);
  const file = join(dir, 'dev-token-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return { ...env, TOKEN_SECRET: readFileSync(file, 'utf8').trim() };
}
