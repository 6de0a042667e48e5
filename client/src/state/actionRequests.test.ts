import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestError } from '../signaling/signalingClient.ts';
import { ActionRequests } from './actionRequests.ts';
import { initialSessionState } from './sessionState.ts';
import { Store } from './store.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('a control\'s requests', () => {
  let state: Store<typeof initialSessionState>;
  let actions: ActionRequests;
  beforeEach(() => {
    vi.useFakeTimers();
    state = new Store(initialSessionState);
    actions = new ActionRequests(state);
  });
  afterEach(() => vi.useRealTimers());

  it('shows the request pending at once, sends a second click of its group nowhere, and ends pending with the answer', async () => {
    const answer = deferred<string>();
    const send = vi.fn(() => answer.promise);
    const first = actions.run({ request: 'floor:setTimeLimit', wants: true }, send);
    expect(state.get().pending).toEqual({ 'floor:setTimeLimit': { request: 'floor:setTimeLimit', wants: true } });
    const second = vi.fn(() => Promise.resolve('switched back'));
    expect(await actions.run({ request: 'floor:setTimeLimit', wants: false }, second)).toBeUndefined();
    expect(second).not.toHaveBeenCalled();
    answer.resolve('muted');
    expect(await first).toBe('muted');
    expect(send).toHaveBeenCalledTimes(1);
    expect(state.get().pending).toEqual({});
  });

  it('a refusal is said, stays while the next request is out, and goes once a later action succeeds', async () => {
    await actions.run({ request: 'floor:give', target: 'sara' }, () => Promise.reject(new RequestError('NOT_IN_QUEUE', 'sara is not in the queue')));
    expect(state.get().actionError).toBe('Sara is not in the queue');
    expect(state.get().pending).toEqual({});
    const answer = deferred<void>();
    const next = actions.run({ request: 'floor:next' }, () => answer.promise);
    expect(state.get().actionError).toBe('Sara is not in the queue');
    answer.resolve();
    await next;
    expect(state.get().actionError).toBeUndefined();
  });

  it('a later refusal replaces an earlier one, and a refusal goes by itself after 8 s', async () => {
    await actions.run({ request: 'floor:next' }, () => Promise.reject(new RequestError('EMPTY_QUEUE', 'nobody is waiting')));
    await actions.run({ request: 'floor:take' }, () => Promise.reject(new RequestError('NO_FLOOR', 'nobody has the floor')));
    expect(state.get().actionError).toBe('Nobody has the floor');
    vi.advanceTimersByTime(7_900);
    expect(state.get().actionError).toBe('Nobody has the floor');
    vi.advanceTimersByTime(200);
    expect(state.get().actionError).toBeUndefined();
  });

  it('"no answer" and "you are reconnecting" go once the page is back in the session; other refusals stay', async () => {
    await actions.run({ request: 'floor:next' }, () => Promise.reject(new RequestError('TIMEOUT', 'the server did not answer in time')));
    actions.reconnected();
    expect(state.get().actionError).toBeUndefined();
    await actions.run({ request: 'floor:next' }, () => Promise.reject(new RequestError('EMPTY_QUEUE', 'nobody is waiting')));
    actions.reconnected();
    expect(state.get().actionError).toBe('Nobody is waiting');
  });
});
