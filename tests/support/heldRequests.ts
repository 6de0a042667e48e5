import type { Page, WebSocketRoute } from 'playwright-core';

/** A Socket.IO EVENT packet inside an Engine.IO message: `42<ack id>["event", payload, …]`. */
const EVENT_PACKET = /^42(\d*)\[\s*"([^"]+)"/;

type Held = { event: string; release: () => void };

/**
 * Stands between a page and the server on the page's WebSocket, as a slow network or a busy
 * server would: requests of the kinds being held wait here until released; everything else
 * passes at once. Counts every request the page sends, by kind (what was sent twice shows).
 * Install before the page loads.
 */
export class HeldRequests {
  readonly sent = new Map<string, number>();
  readonly #holding = new Set<string>();
  readonly #held: Held[] = [];

  static async on(page: Page): Promise<HeldRequests> {
    const held = new HeldRequests();
    await page.routeWebSocket(/\/socket\.io\//, (route) => held.#route(route));
    return held;
  }

  /** From now on, requests of `event` wait here until released. */
  hold(event: string): void {
    this.#holding.add(event);
  }

  /** Lets the held requests of `event` go on to the server, and stops holding that kind. */
  release(event: string): void {
    this.#holding.delete(event);
    for (const held of this.#held.filter((h) => h.event === event)) {
      this.#held.splice(this.#held.indexOf(held), 1);
      held.release();
    }
  }

  heldCount(event: string): number {
    return this.#held.filter((h) => h.event === event).length;
  }

  sentCount(event: string): number {
    return this.sent.get(event) ?? 0;
  }

  #route(route: WebSocketRoute): void {
    const server = route.connectToServer();
    route.onMessage((message) => {
      const event = typeof message === 'string' ? EVENT_PACKET.exec(message)?.[2] : undefined;
      if (event === undefined) return server.send(message);
      this.sent.set(event, this.sentCount(event) + 1);
      if (!this.#holding.has(event)) return server.send(message);
      this.#held.push({ event, release: () => server.send(message) });
    });
    server.onMessage((message) => route.send(message));
    route.onClose((code, reason) => server.close({ code, reason }));
    server.onClose((code, reason) => route.close({ code, reason }));
  }
}
