import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Browser tests run against the client as `npm start` serves it: built fresh by Vite. */
export default async function buildClient() {
  const root = fileURLToPath(new URL('../../client/', import.meta.url));
  await build({ root, logLevel: 'warn', configFile: `${root}vite.config.ts` });
}
