import type { ConnectionPath } from './media/connectionPath.ts';
import type { SessionState } from './state/sessionState.ts';

export type ReceiveStats = {
  framesDecoded: number;
  audioSamplesReceived: number;
  audioBytesReceived: number;
  /** Seconds of audio samples spent in jitter buffers, summed over samples emitted (WebRTC stats); their ratio is the mean buffer delay. */
  audioJitterBufferDelay: number;
  audioJitterBufferEmitted: number;
};

/** Read-only hooks for end-to-end tests and support staff: no control over the session. */
export type Diagnostics = {
  state: () => SessionState;
  receiveStats: () => Promise<ReceiveStats>;
  /** How the send and receive transports reach the server (undefined: no such transport, or not connected yet). */
  connectionPaths: () => Promise<{ send: ConnectionPath | undefined; recv: ConnectionPath | undefined }>;
  /** What this person hears near `hz`, in dB (Web Audio analyser on the mixed output). */
  levelAt: (hz: number) => number;
  /** The energy this person hears within ±30 Hz of `hz`, in dB (for comparing tones' levels). */
  bandLevelAt: (hz: number) => number;
  /** What this browser's encoders send now, per source (outbound-rtp statistics). */
  sendStats: () => Promise<SendStats>;
};

export type SendStats = Partial<Record<'camera' | 'microphone' | 'interpretation', { bytesSent: number; packetsSent: number; targetBitrate?: number; timestamp: number }>>;

/**
 * Switches only an end-to-end test sets, from a script that runs before the page loads
 * (page.addInitScript): a page never sets them itself. `reconnection: false` turns off the page's
 * reconnecting after its connection to the server went (to show that a network-drop test sees a
 * real drop: the person must then not come back).
 */
export type TestSwitches = { reconnection?: boolean };

declare global {
  interface Window {
    __multaqa?: Diagnostics;
    __multaqaTest?: TestSwitches;
  }
}

export function testSwitches(): TestSwitches {
  return window.__multaqaTest ?? {};
}

export function exposeForDiagnostics(diagnostics: Diagnostics): void {
  window.__multaqa = diagnostics;
}
