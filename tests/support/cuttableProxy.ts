import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** Where a test's browser may go: this machine (not the browser's own calls home, which go nowhere offline). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * One browser's whole network, as an HTTP proxy the test can pull the plug on. Chromium started
 * with `proxyArgs(proxy)` sends everything through it: page loads (plain HTTP), the WebSocket
 * (CONNECT) and, with UDP off, its WebRTC media over TCP to the SFU (CONNECT, as Chromium tunnels
 * WebRTC's TCP through the proxy it is given).
 *
 * `cut()` is a network that went and that both ends hear of (an interface down, a reset): every
 * open connection is torn down on both sides and new ones are refused. `cut({ silently: true })`
 * is one that just stops carrying anything (a dead router, a lost NAT mapping): connections stay
 * open but nothing passes either way and new ones get no answer; what was sent meanwhile arrives
 * after `restore()`, as TCP's retransmissions would deliver it.
 */
export class CuttableProxy {
  /** Destinations (host:port) tunnelled or forwarded, and how many times: what the browser reached. */
  readonly destinations = new Map<string, number>();
  /** Connections refused while cut. */
  refused = 0;
  readonly #open = new Set<Socket>();
  #cut: 'no' | 'reset' | 'silent' = 'no';
  /** What a silent cut holds back, in order, until the restore. */
  #held: Array<() => void> = [];

  private constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      if (this.#cut === 'reset') {
        this.refused++;
        socket.destroy();
        return;
      }
      this.#track(socket);
    });
    // Plain HTTP (page, scripts, API): forwarded in origin form to where the absolute URL says.
    server.on('request', (req, res) => this.#whenCarried(() => {
      const url = new URL(req.url ?? '/');
      if (!LOOPBACK.has(url.hostname)) return void res.writeHead(403).end();
      this.#count(url.host);
      const upstream = httpRequest(
        { host: url.hostname, port: url.port, method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('socket', (socket) => this.#track(socket));
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }));
    // Tunnels: the WebSocket and WebRTC over TCP.
    server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => this.#whenCarried(() => {
      const [host, port] = splitHostPort(req.url ?? '');
      if (!LOOPBACK.has(host)) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      this.#count(`${host}:${port}`);
      const upstream = this.#track(connect(port, host));
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        if (head.length) upstream.write(head);
        this.#carry(upstream, client);
        this.#carry(client, upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    }));
  }

  static async start(): Promise<CuttableProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new CuttableProxy(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get isCut(): boolean {
    return this.#cut !== 'no';
  }

  /**
   * The network goes. Every open connection is destroyed (both sides) and new ones are refused;
   * `silently`: nothing passes any more, and nobody is told.
   */
  cut({ silently = false } = {}): void {
    this.#cut = silently ? 'silent' : 'reset';
    if (silently) return;
    for (const socket of this.#open) socket.destroy();
    this.#open.clear();
    this.#held = [];
  }

  /** The network is back: new connections go through again, and what a silent cut held back arrives. */
  restore(): void {
    this.#cut = 'no';
    for (const held of this.#held.splice(0)) held();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #track(socket: Socket): Socket {
    if (this.#cut === 'reset') {
      socket.destroy();
      return socket;
    }
    this.#open.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.#open.delete(socket));
    return socket;
  }

  /** Now, or (silently cut) after the restore. */
  #whenCarried(action: () => void): void {
    if (this.#cut === 'silent') this.#held.push(action);
    else action();
  }

  /** What `from` sends reaches `to`, unless the network is silently cut meanwhile (then after the restore). */
  #carry(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => this.#whenCarried(() => to.write(chunk)));
    from.on('end', () => this.#whenCarried(() => to.end()));
  }

  #count(destination: string): void {
    this.destinations.set(destination, (this.destinations.get(destination) ?? 0) + 1);
  }
}

function splitHostPort(authority: string): [string, number] {
  const at = authority.lastIndexOf(':');
  return [authority.slice(0, at).replace(/^\[|\]$/g, ''), Number(authority.slice(at + 1))];
}

/**
 * Chromium switches that send all of a browser's traffic through `proxy`: loopback too (Chromium
 * bypasses proxies for it unless told), and no UDP (WebRTC then takes TCP, through the proxy).
 */
export function proxyArgs(proxy: CuttableProxy): string[] {
  return [`--proxy-server=http://127.0.0.1:${proxy.port}`, '--proxy-bypass-list=<-loopback>', '--webrtc-ip-handling-policy=disable_non_proxied_udp'];
}
