import { RequestError } from '../signaling/signalingClient.ts';
import { finished, started, type PendingAction } from './pendingActions.ts';
import type { SessionState } from './sessionState.ts';
import type { Store } from './store.ts';

/** How long the reason an action was refused stays on screen (a "try again in 5 s" would go stale). */
const ACTION_ERROR_MS = 8_000;

/** Refusals that say the page could not reach the server: untrue once it is back in the session. */
const CONNECTION_CODES: ReadonlySet<string> = new Set(['UNAVAILABLE', 'TIMEOUT']);

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What a person's controls ask of the server. A control shows at once that its request is out
 * (state.pending) and takes no second click until the answer; a refusal is said until a later
 * action succeeds, until it stops being true (a page that could not reach the server is back),
 * or for 8 s.
 */
export class ActionRequests {
  #errorTimer: ReturnType<typeof setTimeout> | undefined;
  #errorCode: string | undefined;

  constructor(private readonly state: Store<SessionState>) {}

  /** Sends the request unless its group has one out; undefined when not sent or refused (the refusal is shown). */
  async run<T>(action: PendingAction, send: () => Promise<T>): Promise<T | undefined> {
    const pending = started(this.state.get().pending, action);
    if (!pending) return undefined;
    this.state.update((s) => ({ ...s, pending }));
    try {
      const result = await send();
      this.succeeded();
      return result;
    } catch (error) {
      this.refused(error);
      return undefined;
    } finally {
      this.state.update((s) => ({ ...s, pending: finished(s.pending, action) }));
    }
  }

  /** An action of this person's was carried out: an earlier refusal is history. */
  succeeded(): void {
    if (this.state.get().actionError === undefined) return;
    this.#clear();
  }

  /** Says why an action was refused. */
  refused(error: unknown): void {
    const actionError = capitalised(error instanceof Error ? error.message : String(error));
    this.#errorCode = error instanceof RequestError ? error.code : undefined;
    this.state.update((s) => ({ ...s, actionError }));
    clearTimeout(this.#errorTimer);
    this.#errorTimer = setTimeout(() => {
      if (this.state.get().actionError === actionError) this.#clear();
    }, ACTION_ERROR_MS);
  }

  /** The page is in the session again: "you are reconnecting" or "no answer" no longer holds. */
  reconnected(): void {
    if (this.#errorCode !== undefined && CONNECTION_CODES.has(this.#errorCode)) this.#clear();
  }

  #clear(): void {
    clearTimeout(this.#errorTimer);
    this.#errorCode = undefined;
    this.state.update((s) => ({ ...s, actionError: undefined }));
  }
}
