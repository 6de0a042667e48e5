import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restartIceWhenBroken, type RestartableTransport } from './iceRestart.ts';

/** A transport whose connection state the test sets, recording the ICE restarts asked of it. */
class Transport extends EventEmitter implements RestartableTransport {
  readonly id = 't1';
  closed = false;
  connectionState = 'connected';
  readonly restarts: unknown[] = [];
  override on(event: 'connectionstatechange', listener: (state: string) => void): this {
    return super.on(event, listener);
  }
  async restartIce({ iceParameters }: { iceParameters: unknown }): Promise<void> {
    this.restarts.push(iceParameters);
  }
  set(state: string): void {
    this.connectionState = state;
    this.emit('connectionstatechange', state);
  }
}

describe('restarting ICE on a broken path', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setUp = (signalling = () => true) => {
    const transport = new Transport();
    let issued = 0;
    restartIceWhenBroken(transport, { fresh: async () => ({ usernameFragment: `u${++issued}` }), signalling });
    return transport;
  };

  it('restarts at once when the path failed, with credentials fresh from the server, and again while it stays failed', async () => {
    const transport = setUp();
    transport.set('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.restarts).toEqual([{ usernameFragment: 'u1' }]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(transport.restarts).toHaveLength(2);
    transport.set('connected');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(transport.restarts).toHaveLength(2);
  });

  it('gives a short disconnection the chance to heal by itself', async () => {
    const transport = setUp();
    transport.set('disconnected');
    await vi.advanceTimersByTimeAsync(1_000);
    transport.set('connected');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.restarts).toEqual([]);
    transport.set('disconnected');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(transport.restarts).toHaveLength(1);
  });

  it('leaves it to the re-join when signalling is down too, and never touches a closed transport', async () => {
    let up = false;
    const transport = setUp(() => up);
    transport.set('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.restarts).toEqual([]);
    transport.closed = true;
    up = true;
    transport.set('failed');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.restarts).toEqual([]);
  });
});
