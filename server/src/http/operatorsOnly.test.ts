import { describe, expect, it } from 'vitest';
import { madeOnThisHost } from './operatorsOnly.ts';

describe('a request made on this host, straight to the process', () => {
  it('comes from a loopback address, IPv4, IPv6 or IPv4 mapped into IPv6', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(madeOnThisHost(address, {}), address).toBe(true);
  });

  it('is not one from another address, or from none the socket could name', () => {
    for (const address of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', 'fe80::1%eth0', '10.0.0.1', '0.0.0.0', '::', 'localhost', '', undefined]) {
      expect(madeOnThisHost(address, {}), String(address)).toBe(false);
    }
  });

  it('is not one a proxy on this host passed on, whatever it says the client was', () => {
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }, { via: '1.1 caddy' }]) {
      expect(madeOnThisHost('127.0.0.1', headers), JSON.stringify(headers)).toBe(false);
    }
  });
});
