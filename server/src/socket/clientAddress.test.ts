import { describe, expect, it } from 'vitest';
import { clientAddress } from './clientAddress.ts';

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
