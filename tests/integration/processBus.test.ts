import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { z } from 'zod';
import { createLogger } from '@multaqa/server/logger.ts';
import { BusRequestError, ProcessBus } from '@multaqa/server/store/processBus.ts';

const RequestSchema = z.object({ add: z.tuple([z.number(), z.number()]) });
const NoticeSchema = z.object({ say: z.string() });
const logger = createLogger('silent', 'bus-test');

let redis: Redis;
const buses: Array<ProcessBus<z.infer<typeof RequestSchema>, z.infer<typeof NoticeSchema>>> = [];
const notices: Array<{ body: unknown; from: string; to: string }> = [];

async function open(id: string) {
  const bus = await ProcessBus.open(redis, id, { request: RequestSchema, notice: NoticeSchema }, {
    request: async ({ add: [a, b] }) => {
      if (a < 0) throw new Error('no negatives here');
      return { sum: a + b };
    },
    notice: (body, from) => notices.push({ body, from, to: id }),
  }, logger);
  buses.push(bus);
  return bus;
}

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await redis.quit();
});

describe('the request/answer bus between server processes', () => {
  it('answers, refuses with the reason, times out on a process that is not there, and ignores garbage', async () => {
    const a = await open('bus-a');
    await open('bus-b');
    expect(await a.request('bus-b', { add: [2, 3] })).toEqual({ sum: 5 });
    await expect(a.request('bus-b', { add: [-1, 3] })).rejects.toThrow('no negatives here');
    // A malformed request is refused, not answered or crashed on.
    await expect(a.request('bus-b', { add: 'x' } as never)).rejects.toThrow(BusRequestError);
    await expect(a.request('bus-gone', { add: [1, 1] }, 300)).rejects.toThrow(/did not answer/);

    await redis.publish('multaqa:bus:bus-b', 'not json');
    await redis.publish('multaqa:bus:bus-b', JSON.stringify({ kind: 'notice', from: 'x', body: { say: 42 } }));
    a.notify('bus-b', { say: 'hello' });
    await expect.poll(() => notices).toEqual([{ body: { say: 'hello' }, from: 'bus-a', to: 'bus-b' }]);
    // Still answering after all that.
    expect(await a.request('bus-b', { add: [40, 2] })).toEqual({ sum: 42 });
  });
});
