import { beforeAll, inject } from 'vitest';
import { Redis } from 'ioredis';

// Test files run one after another on one redis-server. Without this, what one file leaves in a
// demo session (a hand in a queue, a listener count of a process it killed) shows up in the next
// file's assertions, depending on the order the files happen to run in. A Redis the developer
// pointed us at (REDIS_URL) is never wiped: its data is theirs.
beforeAll(async () => {
  if (!inject('redisIsPrivate')) return;
  const redis = new Redis(inject('redisUrl'), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushall();
  } finally {
    redis.disconnect();
  }
});
