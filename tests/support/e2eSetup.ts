import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Browser tests run against the client as `npm start` serves it: built fresh by Vite, as a
 * production bundle (vitest sets NODE_ENV=test, which would give React's development build).
 */
export default async function buildClient() {
  const root = fileURLToPath(new URL('../../client/', import.meta.url));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, logLevel: 'warn', configFile: `${root}vite.config.ts`, mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
