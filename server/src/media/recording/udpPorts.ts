import { createSocket, type Socket } from 'node:dgram';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { parseUdpTable, socketInodes } from './procNet.ts';

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
 * Ports handed to a recorder of this process and not given back. The kernel hands a port it
 * just gave us to the next bind(0) as readily as any other once we let go of it; without this,
 * two tracks starting together could be given one port, and one file would get both streams.
 */
const reserved = new Set<number>();

export type UdpPortPair = {
  /** RTP goes to `port`, RTCP to `port + 1`. */
  port: number;
  /** The recorder is done with the pair (its ffmpeg exited and nothing is sent to it any more). */
  release: () => void;
};

/**
 * A pair of loopback UDP ports, free when looked at and reserved for one recorder of this
 * process until it releases them. Another process may still take them before ffmpeg binds
 * them: the recorder is ready only once its own ffmpeg holds them (udpPortsHeldBy).
 */
export async function reserveUdpPortPair(): Promise<UdpPortPair> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const second = port < 65535 && !reserved.has(port) && !reserved.has(port + 1) ? await bind(port + 1) : undefined;
    first.close();
    second?.close();
    if (!second) continue;
    reserved.add(port);
    reserved.add(port + 1);
    let released = false;
    return {
      port,
      release: () => {
        if (released) return;
        released = true;
        reserved.delete(port);
        reserved.delete(port + 1);
      },
    };
  }
  throw new Error('no free pair of UDP ports on 127.0.0.1');
}

/**
 * Whether process `pid` itself has a UDP socket bound to each of `ports`: its socket inodes
 * (/proc/<pid>/fd) matched against the bound sockets of /proc/net/udp and udp6. Any other
 * process holding a port, however it came to, does not count.
 */
export async function udpPortsHeldBy(pid: number, ports: readonly number[]): Promise<boolean> {
  const fdDir = `/proc/${pid}/fd`;
  const fds = await readdir(fdDir).catch(() => [] as string[]);
  const own = socketInodes(await Promise.all(fds.map((fd) => readlink(`${fdDir}/${fd}`).catch(() => ''))));
  if (own.size === 0) return false;
  const tables = await Promise.all(['/proc/net/udp', '/proc/net/udp6'].map((table) => readFile(table, 'utf8').catch(() => '')));
  const held = new Set(tables.flatMap(parseUdpTable).flatMap(({ port, inode }) => (own.has(inode) ? [port] : [])));
  return ports.every((port) => held.has(port));
}
