import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestRead } from './latestRead.ts';

/** Reads answered by hand: each read waits until the test resolves or rejects it. */
function reads() {
  const pending: Array<{ resolve: (list: string[]) => void; reject: (error: Error) => void }> = [];
  const read = () => new Promise<string[]>((resolve, reject) => pending.push({ resolve, reject }));
  return { pending, read };
}

describe('LatestRead', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('takes only the answer to the latest read: a late answer to an older one is dropped', async () => {
    const { pending, read } = reads();
    const shown: string[][] = [];
    const list = new LatestRead(read, (answer) => shown.push(answer), { everyMs: 10_000, retryMs: 2_000 });
    list.start();
    list.refresh(); // someone joined while the first read was out
    pending[1]!.resolve(['yusuf', 'sara']);
    pending[0]!.resolve(['yusuf']);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual([['yusuf', 'sara']]);
    list.stop();
  });

  it('reads again soon after a read that failed, and every so often in any case', async () => {
    const { pending, read } = reads();
    const shown: string[][] = [];
    const list = new LatestRead(read, (answer) => shown.push(answer), { everyMs: 10_000, retryMs: 2_000 });
    list.start();
    pending[0]!.reject(new Error('the server did not answer in time'));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(['yusuf', 'sara']);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual([['yusuf', 'sara']]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    list.stop();
    // Stopped: nothing more is read, and a failure then is not retried.
    const count = pending.length;
    pending.at(-1)!.reject(new Error('gone'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pending).toHaveLength(count);
  });
});
