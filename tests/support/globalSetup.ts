import type { TestProject } from 'vitest/node';
import { startPrivateRedis } from '@multaqa/server/cli/privateRedis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** Started for this run (so each test file may start from an empty one). */
    redisIsPrivate: boolean;
  }
}

/** One real redis-server for the run (unless REDIS_URL points at one); each test file starts from an empty one (freshRedis.ts). */
export default async function setup(project: TestProject) {
  if (process.env.REDIS_URL) {
    project.provide('redisUrl', process.env.REDIS_URL);
    project.provide('redisIsPrivate', false);
    return;
  }
  const redis = await startPrivateRedis();
  project.provide('redisUrl', redis.url);
  project.provide('redisIsPrivate', true);
  return () => redis.stop();
}
