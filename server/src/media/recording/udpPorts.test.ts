import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { reserveUdpPortPair, udpPortsHeldBy, type UdpPortPair } from './udpPorts.ts';

const sockets: Socket[] = [];
const pairs: UdpPortPair[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const pair of pairs.splice(0)) pair.release();
});

function bind(port = 0): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      sockets.push(socket);
      resolve(socket);
    });
  });
}

describe('UDP ports of recorders', () => {
  it('never hands out a port twice while it is reserved, however many tracks start at once', async () => {
    pairs.push(...(await Promise.all(Array.from({ length: 40 }, () => reserveUdpPortPair()))));
    const ports = pairs.flatMap(({ port }) => [port, port + 1]);
    expect(new Set(ports).size).toBe(80);
    // Each pair is free to bind (nobody else took it meanwhile here).
    for (const port of ports.slice(0, 6)) await bind(port);
  });

  it('counts a port as held only by the process whose own socket is bound to it', async () => {
    const socket = await bind();
    const { port } = socket.address();
    expect(await udpPortsHeldBy(process.pid, [port])).toBe(true);
    expect(await udpPortsHeldBy(process.ppid, [port])).toBe(false);
    const next = await bind(port + 1).catch(() => undefined);
    expect(await udpPortsHeldBy(process.pid, [port, port + 1])).toBe(next !== undefined);
    socket.close();
    sockets.splice(sockets.indexOf(socket), 1);
    await expect.poll(() => udpPortsHeldBy(process.pid, [port])).toBe(false);
  });
});
