import type { types } from 'mediasoup';
import { MEDIA_CODECS } from './mediaCodecs.ts';
import type { WorkerPool } from './workerPool.ts';

/**
 * The one place that maps a session to its media router(s). Today a session has one router;
 * fanning a session out over several routers, workers and machines changes only this module.
 */
export class SessionRouters {
  readonly #routers = new Map<string, Promise<types.Router>>();

  constructor(private readonly pool: WorkerPool) {}

  /** The session's router, created on first use; concurrent callers share one creation. */
  routerFor(sessionId: string): Promise<types.Router> {
    let pending = this.#routers.get(sessionId);
    if (!pending) {
      pending = this.pool.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { sessionId } });
      this.#routers.set(sessionId, pending);
      pending.then(
        (router) => router.observer.once('close', () => this.#forget(sessionId, pending!)),
        () => this.#forget(sessionId, pending!),
      );
    }
    return pending;
  }

  /** Closes the session's router (when the last person left). */
  async release(sessionId: string): Promise<void> {
    const pending = this.#routers.get(sessionId);
    if (!pending) return;
    this.#routers.delete(sessionId);
    (await pending.catch(() => undefined))?.close();
  }

  #forget(sessionId: string, pending: Promise<types.Router>): void {
    if (this.#routers.get(sessionId) === pending) this.#routers.delete(sessionId);
  }
}
