import type { IncomingHttpHeaders } from 'node:http';

/**
 * The address a connection comes from. Behind `trustedHops` proxies that each append the address
 * they saw to X-Forwarded-For, the client's is that many entries from the end; anything further
 * left was written by the client itself and proves nothing.
 */
export function clientAddress(remoteAddress: string | undefined, headers: IncomingHttpHeaders, trustedHops: number): string {
  const own = normalise(remoteAddress ?? 'unknown');
  if (trustedHops === 0) return own;
  const forwarded = [headers['x-forwarded-for']].flat().join(',').split(',').map((entry) => entry.trim()).filter(Boolean);
  const client = forwarded[forwarded.length - trustedHops];
  return client ? normalise(client) : own;
}

/** One spelling per IPv4 address, whether it arrived as such or mapped into IPv6. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
