import { describe, expect, it } from 'vitest';
import { withdraws, type LinkIdentity } from './withdrawal.ts';

const link: LinkIdentity = { tokenId: 'token-1', sessionId: 'plenary-1', participantId: 'amal', issuedAt: 1_000 };

describe('withdrawing join links', () => {
  it('takes back one link by its id, and no other', () => {
    expect(withdraws({ type: 'link', tokenId: 'token-1' }, link)).toBe(true);
    expect(withdraws({ type: 'link', tokenId: 'token-2' }, link)).toBe(false);
  });

  it("takes back a person's links of one session issued before the moment, not those issued since", () => {
    const person = { type: 'person', sessionId: 'plenary-1', participantId: 'amal' } as const;
    expect(withdraws({ ...person, issuedBefore: 1_001 }, link)).toBe(true);
    expect(withdraws({ ...person, issuedBefore: 1_000 }, link)).toBe(false);
    expect(withdraws({ ...person, sessionId: 'plenary-2', issuedBefore: 2_000 }, link)).toBe(false);
    expect(withdraws({ ...person, participantId: 'sara', issuedBefore: 2_000 }, link)).toBe(false);
  });
});
