import { describe, expect, it } from 'vitest';
import { parseUdpTable, socketInodes } from './procNet.ts';

const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  123: 0100007F:B5F5 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4417283 2 0000000000000000 0
  124: 0100007F:B5F6 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4417284 2 0000000000000000 0
  900: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 0 2 0000000000000000 0
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  371: 00000000000000000000000001000000:B5F5 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000   105        0 998 2 0000000000000000 0
`;

describe('/proc/net/udp', () => {
  it('gives each bound socket its port and inode (IPv4 and IPv6 tables), leaving out lines without an inode', () => {
    expect(parseUdpTable(UDP)).toEqual([
      { port: 0xb5f5, inode: 4417283 },
      { port: 0xb5f6, inode: 4417284 },
    ]);
    expect(parseUdpTable(UDP6)).toEqual([{ port: 0xb5f5, inode: 998 }]);
    expect(parseUdpTable('')).toEqual([]);
  });

  it("finds a process's sockets among its file descriptors", () => {
    expect(socketInodes(['/dev/null', 'pipe:[53201]', 'socket:[4417283]', 'socket:[77]', 'anon_inode:[eventfd]'])).toEqual(new Set([4417283, 77]));
  });
});
