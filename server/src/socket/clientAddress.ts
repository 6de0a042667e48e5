import type { IncomingHttpHeaders } from 'node:http';
import ipaddr from 'ipaddr.js';

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

/**
 * What the per-address limits count an address under. IPv4: the address (a venue's NAT shares
 * one, and the limits are sized for that). IPv6: its /64, the prefix one network is given, in
 * which a host picks as many addresses as it likes (privacy addresses: a new one at will) — by
 * full address one client would pass every limit.
 */
export function addressBudget(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = parsed.toByteArray().fill(0, 8);
  return `${ipaddr.fromByteArray(prefix).toString()}/64`;
}
