import { createSocket, type Socket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A UDP relay in front of the SFU's WebRTC port, as a bad network would be: it listens on
 * `address`:`port` (the address the server announces) and passes everything on to the SFU at
 * `target`:`port`, dropping a share of the RTP packets browsers send (never STUN or DTLS, so
 * the connection itself holds, as it does on a lossy Wi-Fi).
 */
export class LossyRelay {
  /** Share of browser → SFU RTP packets dropped, 0–1. */
  lossRate = 0;
  dropped = 0;
  forwarded = 0;
  readonly #upstreams = new Map<string, Socket>();

  private constructor(
    private readonly front: Socket,
    private readonly target: string,
    readonly port: number,
  ) {
    front.on('message', (packet, from) => {
      const key = `${from.address}:${from.port}`;
      let upstream = this.#upstreams.get(key);
      if (!upstream) {
        const created = createSocket('udp4');
        created.on('message', (answer) => front.send(answer, from.port, from.address));
        created.on('error', () => created.close());
        created.bind(0, target);
        this.#upstreams.set(key, created);
        upstream = created;
      }
      if (isRtp(packet) && Math.random() < this.lossRate) {
        this.dropped++;
        return;
      }
      this.forwarded++;
      upstream.send(packet, port, this.target);
    });
  }

  /** Listens on `address`:`port`; the SFU listens on `target`:`port`. */
  static async start(address: string, target: string, port: number): Promise<LossyRelay> {
    const front = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.bind(port, address, () => resolve());
    });
    return new LossyRelay(front, target, port);
  }

  close(): void {
    for (const upstream of this.#upstreams.values()) upstream.close();
    this.front.close();
  }
}

/** RTP (not RTCP, STUN or DTLS): version 2, and a payload type outside RTCP's 192–223. */
function isRtp(packet: Buffer): boolean {
  return packet.length >= 12 && (packet[0]! & 0xc0) === 0x80 && !(packet[1]! >= 192 && packet[1]! <= 223);
}

/** A port that is free on `address` for both TCP and UDP now (the SFU takes one of each). */
export async function freePortPair(address = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const tcpFree = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, address, () => server.close(() => resolve(true)));
    });
    if (!tcpFree) continue;
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, address, () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port pair found');
}
