import { describe, expect, it } from 'vitest';
import { diskShortage, insufficientStorage } from './diskSpace.ts';

const MB = 1024 * 1024;

describe('free space for recordings', () => {
  it.each([
    [2_000 * MB, 1_024, undefined],
    [1_024 * MB, 1_024, undefined],
    [1_024 * MB - 1, 1_024, { freeMb: 1_023, minFreeMb: 1_024 }],
    [0, 1_024, { freeMb: 0, minFreeMb: 1_024 }],
    [0, 0, undefined],
  ])('%d bytes free, a floor of %d MiB: %o', (free, floor, shortage) => {
    expect(diskShortage(free, floor)).toEqual(shortage);
  });

  it('refuses a start with a code of its own and both numbers', () => {
    const error = insufficientStorage({ freeMb: 300, minFreeMb: 1_024 });
    expect(error).toMatchObject({ code: 'INSUFFICIENT_STORAGE' });
    expect(error.message).toMatch(/300 MB free.*at least 1024 MB/);
  });
});
