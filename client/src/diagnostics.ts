import type { SessionState } from './state/sessionState.ts';

export type ReceiveStats = { framesDecoded: number; audioSamplesReceived: number; audioBytesReceived: number };

/** Read-only hooks for end-to-end tests and support staff: no control over the session. */
export type Diagnostics = {
  state: () => SessionState;
  receiveStats: () => Promise<ReceiveStats>;
  /** What this person hears near `hz`, in dB (Web Audio analyser on the mixed output). */
  levelAt: (hz: number) => number;
};

declare global {
  interface Window {
    __multaqa?: Diagnostics;
  }
}

export function exposeForDiagnostics(diagnostics: Diagnostics): void {
  window.__multaqa = diagnostics;
}
