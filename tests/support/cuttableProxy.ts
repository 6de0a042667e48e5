import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** Where a test's browser may go: this machine (not the browser's own calls home, which go nowhere offline). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * One browser's whole network, as an HTTP proxy the test can pull the plug on. Chromium started
 * with `proxyArgs(proxy)` sends everything through it: page loads (plain HTTP), the WebSocket
 * (CONNECT) and, with UDP off, its WebRTC media over TCP to the SFU (CONNECT, as Chromium tunnels
 * WebRTC's TCP through the proxy it is given). `cut()` is a network that went: every open
 * connection is torn down on both sides and new ones are refused until `restore()`.
 */
export class CuttableProxy {
  /** Destinations (host:port) tunnelled or forwarded, and how many times: what the browser reached. */
  readonly destinations = new Map<string, number>();
  /** Connections refused while cut. */
  refused = 0;
  readonly #open = new Set<Socket>();
  #cut = false;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      if (this.#cut) {
        this.refused++;
        socket.destroy();
        return;
      }
      this.#track(socket);
    });
    // Plain HTTP (page, scripts, API): forwarded in origin form to where the absolute URL says.
    server.on('request', (req, res) => {
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
    });
    // Tunnels: the WebSocket and WebRTC over TCP.
    server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      const [host, port] = splitHostPort(req.url ?? '');
      if (!LOOPBACK.has(host)) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      this.#count(`${host}:${port}`);
      const upstream = this.#track(connect(port, host));
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
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
    return this.#cut;
  }

  /** The network goes: every open connection is destroyed (both sides), new ones are refused. */
  cut(): void {
    this.#cut = true;
    for (const socket of this.#open) socket.destroy();
    this.#open.clear();
  }

  /** The network is back: new connections go through again. */
  restore(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #track(socket: Socket): Socket {
    if (this.#cut) {
      socket.destroy();
      return socket;
    }
    this.#open.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.#open.delete(socket));
    return socket;
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
