/** What decides whether a server process takes more people. */
export type ReadinessState = {
  shuttingDown: boolean;
  /** Redis answered a PING just now. */
  redisReady: boolean;
  liveWorkers: number;
  consumers: number;
  /** Consumers the process takes before it counts as full (workers × ROUTER_CONSUMER_BUDGET). */
  capacity: number;
};

export type NotReadyReason = 'shutting down' | 'redis unavailable' | 'no media worker' | 'full';
export type Readiness = { ready: true } | { ready: false; reason: NotReadyReason };

/**
 * Whether a load balancer should send new people here. The first reason that applies is given:
 * a process shutting down or without Redis or a media worker cannot serve anyone, a full one
 * only no one more.
 */
export function readinessOf(state: ReadinessState): Readiness {
  if (state.shuttingDown) return { ready: false, reason: 'shutting down' };
  if (!state.redisReady) return { ready: false, reason: 'redis unavailable' };
  if (state.liveWorkers === 0) return { ready: false, reason: 'no media worker' };
  if (state.consumers >= state.capacity) return { ready: false, reason: 'full' };
  return { ready: true };
}
