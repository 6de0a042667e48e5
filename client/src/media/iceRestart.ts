/** The part of a mediasoup-client transport an ICE restart needs. */
export type RestartableTransport = {
  readonly id: string;
  readonly closed: boolean;
  readonly connectionState: string;
  on(event: 'connectionstatechange', listener: (state: string) => void): void;
  restartIce(options: { iceParameters: unknown }): Promise<void>;
};

export type IceRestartOptions = {
  /** Asks the server for new ICE credentials for this transport. */
  fresh: (transportId: string) => Promise<unknown>;
  /** Whether signalling is up: without it the whole session re-joins instead. */
  signalling: () => boolean;
  /** A path that stays 'disconnected' this long is restarted (a blip usually heals by itself). */
  disconnectedMs?: number;
  /** How long to wait before trying again while the path stays broken. */
  retryMs?: number;
  onRestart?: (transportId: string) => void;
};

/**
 * Restarts ICE on a transport whose network path broke while signalling stayed up (Wi-Fi to
 * cable, a VPN coming up): new credentials from the server, new candidate checks, and the same
 * producers and consumers go on over the new path.
 */
export function restartIceWhenBroken(transport: RestartableTransport, options: IceRestartOptions): void {
  const { fresh, signalling, disconnectedMs = 2_000, retryMs = 5_000, onRestart } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const broken = () => !transport.closed && (transport.connectionState === 'failed' || transport.connectionState === 'disconnected');
  const restart = async () => {
    timer = undefined;
    if (!broken() || !signalling()) return;
    onRestart?.(transport.id);
    try {
      await transport.restartIce({ iceParameters: await fresh(transport.id) });
    } catch (error) {
      console.warn('ICE restart failed', error);
    }
    // Still broken a while later: again.
    timer ??= setTimeout(() => void restart(), retryMs);
  };
  transport.on('connectionstatechange', (state) => {
    if (state === 'connected' || state === 'completed' || state === 'closed') {
      clearTimeout(timer);
      timer = undefined;
      return;
    }
    if (timer) return;
    if (state === 'failed') timer = setTimeout(() => void restart(), 0);
    if (state === 'disconnected') timer = setTimeout(() => void restart(), disconnectedMs);
  });
}
