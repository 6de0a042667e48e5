import { describe, expect, it } from 'vitest';
import { claimStands, renewalIntervalMs } from './recordingClaims.ts';

const claimant = { id: 'r2', processId: 'p1' };

describe('a claim found on the session', () => {
  it.each([
    ['another live process’s recording', { id: 'r1', processId: 'p2' }, true, true],
    ['a recording of a process that is gone', { id: 'r1', processId: 'p2' }, false, false],
    ['a leftover of this process (a start or stop whose release Redis missed)', { id: 'r1', processId: 'p1' }, true, false],
    ['the claimant’s own claim', { id: 'r2', processId: 'p1' }, true, true],
  ] as const)('%s: stands %#', (_what, holder, alive, stands) => {
    expect(claimStands(holder, claimant, alive)).toBe(stands);
  });
});

describe('renewing a claim', () => {
  it('happens three times a lease (and not in a busy loop for a tiny one)', () => {
    expect(renewalIntervalMs(15_000)).toBe(5_000);
    expect(renewalIntervalMs(2_000)).toBe(666);
    expect(renewalIntervalMs(10)).toBe(100);
  });
});
