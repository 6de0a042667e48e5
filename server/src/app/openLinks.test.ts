import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { OpenLinks, type LinkEnding, type LinkInUse } from './openLinks.ts';

const NOW = 1_800_000_000_000;
const link = (tokenId: string, participantId: string, expiresInSeconds: number, issuedAt = NOW / 1000 - 60): LinkInUse => ({
  tokenId,
  sessionId: 'plenary-1',
  participantId,
  issuedAt,
  expiresAt: NOW / 1000 + expiresInSeconds,
});

describe('OpenLinks', () => {
  let withdrawn: Set<string>;
  let links: OpenLinks;
  let ended: Array<[string, LinkEnding]>;
  const watch = (connection: string, inUse: LinkInUse) => links.watch(connection, inUse, (reason) => ended.push([connection, reason]));

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    withdrawn = new Set();
    ended = [];
    links = new OpenLinks({ isWithdrawn: async ({ tokenId }) => withdrawn.has(tokenId), logger: createLogger('silent') });
  });
  afterEach(() => {
    links.close();
    vi.useRealTimers();
  });

  it('ends a connection when its link expires, not before, and once', () => {
    watch('c1', link('token-aaaa', 'amal', 90));
    watch('c2', link('token-bbbb', 'sara', 3600));
    vi.advanceTimersByTime(89_000);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(ended).toEqual([['c1', 'EXPIRED']]);
    vi.advanceTimersByTime(3_600_000);
    expect(ended).toEqual([['c1', 'EXPIRED'], ['c2', 'EXPIRED']]);
    expect(links.size).toBe(0);
  });

  it('waits out a link that lives longer than a timer can (31 days)', () => {
    watch('c1', link('token-aaaa', 'amal', 31 * 86_400));
    vi.advanceTimersByTime(30 * 86_400_000);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(86_400_000);
    expect(ended).toEqual([['c1', 'EXPIRED']]);
  });

  it('ends the connections a withdrawal takes back: one link, or every link of a person issued before', () => {
    watch('c1', link('token-aaaa', 'amal', 3600));
    watch('c2', link('token-bbbb', 'sara', 3600, NOW / 1000 - 100));
    watch('c3', link('token-cccc', 'huda', 3600, NOW / 1000 - 100));
    links.withdrawn({ type: 'link', tokenId: 'token-aaaa' });
    links.withdrawn({ type: 'person', sessionId: 'plenary-1', participantId: 'sara', issuedBefore: NOW / 1000 });
    links.withdrawn({ type: 'person', sessionId: 'plenary-1', participantId: 'huda', issuedBefore: NOW / 1000 - 200 });
    expect(ended).toEqual([['c1', 'WITHDRAWN'], ['c2', 'WITHDRAWN']]);
    // Ended once: neither the expiry nor a second withdrawal ends it again.
    links.withdrawn({ type: 'link', tokenId: 'token-aaaa' });
    vi.advanceTimersByTime(3_600_000);
    expect(ended).toEqual([['c1', 'WITHDRAWN'], ['c2', 'WITHDRAWN'], ['c3', 'EXPIRED']]);
  });

  it('a forgotten connection (it left) is not ended', () => {
    watch('c1', link('token-aaaa', 'amal', 10));
    links.forget('c1');
    links.withdrawn({ type: 'link', tokenId: 'token-aaaa' });
    vi.advanceTimersByTime(20_000);
    expect(ended).toEqual([]);
  });

  it('a re-check finds the withdrawals it missed', async () => {
    watch('c1', link('token-aaaa', 'amal', 3600));
    watch('c2', link('token-bbbb', 'sara', 3600));
    withdrawn.add('token-bbbb');
    await links.recheck();
    expect(ended).toEqual([['c2', 'WITHDRAWN']]);
  });
});
