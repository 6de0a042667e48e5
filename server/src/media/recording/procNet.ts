/** One bound UDP socket as the kernel lists it in /proc/net/udp (or udp6). */
export type UdpSocketEntry = { port: number; inode: number };

/**
 * The sockets of a /proc/net/udp or /proc/net/udp6 table: the port of each local address and
 * the socket's inode (which /proc/<pid>/fd links name as `socket:[inode]`).
 */
export function parseUdpTable(text: string): UdpSocketEntry[] {
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const fields = line.trim().split(/\s+/);
      const port = Number.parseInt(fields[1]?.split(':').at(-1) ?? '', 16);
      const inode = Number(fields[9]);
      return Number.isInteger(port) && Number.isInteger(inode) && inode > 0 ? [{ port, inode }] : [];
    });
}

/** The socket inodes among the targets of a process's /proc/<pid>/fd links. */
export function socketInodes(linkTargets: readonly string[]): Set<number> {
  const inodes = new Set<number>();
  for (const target of linkTargets) {
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(Number(match[1]));
  }
  return inodes;
}
