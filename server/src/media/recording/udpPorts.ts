import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

const LOOPBACK = '127.0.0.1';

function bind(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, LOOPBACK, () => resolve(socket));
  });
}

/**
 * A loopback UDP port whose next port is free too (ffmpeg takes RTP on one and RTCP on the
 * next). Free when looked at: the caller retries if ffmpeg finds it taken after all.
 */
export async function freeUdpPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const second = port < 65535 ? await bind(port + 1) : undefined;
    first.close();
    second?.close();
    if (second) return port;
  }
  throw new Error('no free pair of UDP ports on 127.0.0.1');
}

/** Whether some process of this host has a UDP socket bound to `port` (from /proc/net/udp and udp6). */
export async function udpPortBound(port: number): Promise<boolean> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      if (local?.endsWith(hex)) return true;
    }
  }
  return false;
}
