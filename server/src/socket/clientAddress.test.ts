import { describe, expect, it } from 'vitest';
import { addressBudget, clientAddress } from './clientAddress.ts';

describe('the address a connection comes from', () => {
  it('is the connection’s own without trusted proxies, whatever the headers claim', () => {
    expect(clientAddress('::ffff:203.0.113.7', { 'x-forwarded-for': '10.0.0.1' }, 0)).toBe('203.0.113.7');
  });

  it('is read from the end of X-Forwarded-For, one entry per trusted proxy', () => {
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.20, 10.0.0.5' };
    expect(clientAddress('127.0.0.1', headers, 1)).toBe('10.0.0.5');
    expect(clientAddress('127.0.0.1', headers, 2)).toBe('198.51.100.20');
  });

  it('falls back to the connection’s address when the proxy sent no header', () => {
    expect(clientAddress('10.1.1.1', {}, 1)).toBe('10.1.1.1');
    expect(clientAddress('10.1.1.1', { 'x-forwarded-for': '1.2.3.4' }, 3)).toBe('10.1.1.1');
  });
});

describe('the budget an address draws on for per-address limits', () => {
  it('is one for every IPv6 address of a /64, however it is written', () => {
    const budget = addressBudget('2001:db8:1:2::1');
    expect(budget).toBe('2001:db8:1:2::/64');
    for (const address of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:a1b2:c3d4:e5f6:0789', '2001:db8:1:2:0:0:0:7']) {
      expect(addressBudget(address), address).toBe(budget);
    }
  });

  it('is another for another /64, even the next one', () => {
    const budgets = ['2001:db8:1:2::1', '2001:db8:1:3::1', '2001:db9:1:2::1', '2001:db8:1::1', 'fd00::2'].map(addressBudget);
    expect(budgets).toEqual(['2001:db8:1:2::/64', '2001:db8:1:3::/64', '2001:db9:1:2::/64', '2001:db8:1::/64', 'fd00::/64']);
  });

  it('is the address itself for IPv4, also when it arrived mapped into IPv6', () => {
    expect(addressBudget('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBudget('203.0.113.8')).toBe('203.0.113.8');
    expect(addressBudget('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keeps link-local addresses of any interface to their /64, and what is no address as it is', () => {
    expect(addressBudget('fe80::1%eth0')).toBe('fe80::/64');
    expect(addressBudget('unknown')).toBe('unknown');
  });
});
