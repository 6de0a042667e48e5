import { describe, expect, it } from 'vitest';
import { memo } from './memo.ts';

describe('memo', () => {
  it('answers from the last measurement while it is young, then measures again', async () => {
    let now = 0;
    let calls = 0;
    const measured = memo(async () => ++calls, 1_000, () => now);
    expect(await Promise.all([measured(), measured()])).toEqual([1, 1]);
    now = 999;
    expect(await measured()).toBe(1);
    now = 1_000;
    expect(await measured()).toBe(2);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const measured = memo(async () => {
      if (fail) throw new Error('redis away');
      return 'ok';
    }, 60_000);
    await expect(measured()).rejects.toThrow('redis away');
    fail = false;
    expect(await measured()).toBe('ok');
  });
});
