import * as mediasoup from 'mediasoup';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@multaqa/server/logger.ts';
import { WorkerPool } from '@multaqa/server/media/workerPool.ts';
import { MEDIA_CODECS as mediaCodecs } from '@multaqa/server/media/mediaCodecs.ts';

const pools: WorkerPool[] = [];

/** Real workers, whose start fails while `failing()` says so (counting down how many may fail). */
async function startPool(size: number, failing: () => boolean, retryDelayMs: number): Promise<WorkerPool> {
  const createWorker: typeof mediasoup.createWorker = async (settings) => {
    if (failing()) throw new Error('could not start a worker (on purpose)');
    return mediasoup.createWorker(settings);
  };
  const pool = await WorkerPool.start({
    size,
    rtc: { listenIp: '127.0.0.1', announcedAddress: undefined, minPort: 40000, maxPort: 49999, port: undefined },
    logger: createLogger('silent'),
    createWorker,
    retryDelayMs,
  });
  pools.push(pool);
  return pool;
}
afterAll(() => {
  for (const pool of pools) pool.close();
});

describe('a dead mediasoup worker whose replacement fails', () => {
  it('leaves its slot empty (new routers go to the live worker), is tried again until it runs, and is counted as it is', async () => {
    let failuresToCome = 0;
    // Only the start of the replacements is made to fail, twice.
    const pool = await startPool(2, () => failuresToCome > 0 && failuresToCome-- > 0, 400);
    expect(pool.live).toBe(2);
    const [dead, survivor] = pool.pids;

    failuresToCome = 2;
    process.kill(dead!, 'SIGKILL');
    await expect.poll(() => pool.live, { timeout: 5_000 }).toBe(1);
    expect(pool.pids).toEqual([survivor]);

    // While the replacement keeps failing, every new router lands on the worker that runs.
    for (let index = 0; index < 4; index++) {
      const router = await pool.createRouter({ mediaCodecs });
      expect(router.closed).toBe(false);
      router.close();
    }
    expect(failuresToCome).toBeLessThan(2); // it has been tried again already

    await expect.poll(() => pool.live, { timeout: 10_000 }).toBe(2);
    expect(failuresToCome).toBe(0);
    expect(pool.pids).toContain(survivor);
    expect(pool.pids).not.toContain(dead);
    const router = await pool.createRouter({ mediaCodecs });
    router.close();
  });

  it('answers UNAVAILABLE while no worker runs at all', async () => {
    let failing = false;
    const pool = await startPool(1, () => failing, 200);
    failing = true;
    process.kill(pool.pids[0]!, 'SIGKILL');
    await expect.poll(() => pool.live, { timeout: 5_000 }).toBe(0);
    await expect(pool.createRouter({ mediaCodecs })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    failing = false;
    await expect.poll(() => pool.live, { timeout: 10_000 }).toBe(1);
  });
});
