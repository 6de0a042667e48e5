import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { ListenerCounts } from '@multaqa/shared';
import { isLive } from '../domain/interpretation/booth.ts';
import type { ProcessProbe, SessionMeasurement } from './probe.ts';

/** Every metric's name starts with this. */
export const METRIC_PREFIX = 'multaqa_';

type Labels = Record<string, string>;
type SetValue = (labels: Labels, value: number) => void;

/**
 * This server process's Prometheus metrics, in a registry of its own (tests run several
 * servers in one Node process; the global registry would mix them). Node's own metrics
 * (CPU, memory, event-loop lag, GC) come from prom-client's defaults; everything else is read
 * from the probe when scraped — nothing is counted on the hot paths. Labels stay bounded:
 * sessions, languages, sources and worker slots, never people or media ids.
 */
export function createMetrics(probe: ProcessProbe, processId: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const gauge = (name: string, help: string, labelNames: string[], read: (set: SetValue) => Promise<void> | void) =>
    new Gauge({
      name: METRIC_PREFIX + name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await read((labels, value) => this.set(labels, value));
      },
    });
  const perSession = (name: string, help: string, labelNames: string[], read: (session: SessionMeasurement, set: SetValue) => void) =>
    gauge(name, help, ['session', ...labelNames], async (set) => {
      for (const session of await probe.sessionsMeasured()) read(session, (labels, value) => set({ session: session.sessionId, ...labels }, value));
    });

  gauge('info', 'This server process (its id is the one in GET /processes and /healthz).', ['process_id'], (set) => set({ process_id: processId }, 1));
  gauge('ready', '1 while the process takes new people (GET /readyz answers 200), else 0.', [], async (set) => set({}, (await probe.readiness()).ready ? 1 : 0));
  gauge('redis_up', '1 when Redis answered a PING within a second.', [], async (set) => set({}, (await probe.redisRoundTrip()) === null ? 0 : 1));
  gauge('redis_roundtrip_seconds', 'Time Redis took to answer a PING, measured at the scrape (absent when it did not answer).', [], async (set) => {
    const seconds = await probe.redisRoundTrip();
    if (seconds !== null) set({}, seconds);
  });
  gauge('socket_connections', 'Socket.IO connections open on this process.', [], (set) => set({}, probe.sockets));
  gauge('capacity_consumers', 'Consumers this process takes before it counts as full (workers × ROUTER_CONSUMER_BUDGET).', [], async (set) =>
    set({}, (await probe.load()).capacity),
  );
  gauge('consumers', "Consumers of people's receive transports on this process, all sessions.", [], async (set) => set({}, (await probe.load()).consumers));
  gauge('sessions_open', 'Sessions open on this process.', [], async (set) => set({}, (await probe.load()).sessions));
  gauge('pipes', 'Pipe transports to (export) and from (import) other server processes.', ['direction'], async (set) => {
    const { exportsTo, importsFrom } = await probe.pipeCounts();
    set({ direction: 'export' }, sum(Object.values(exportsTo)));
    set({ direction: 'import' }, sum(Object.values(importsFrom)));
  });

  const perWorker = (name: string, help: string, read: (worker: Awaited<ReturnType<ProcessProbe['workerUsage']>>[number]) => number) =>
    gauge(name, help, ['worker'], async (set) => {
      for (const worker of await probe.workerUsage()) set({ worker: String(worker.index) }, read(worker));
    });
  perWorker('worker_up', '1 while the worker of this slot runs, 0 while it is being replaced.', (worker) => (worker.alive ? 1 : 0));
  perWorker('worker_routers', 'Routers on the worker (every session).', (worker) => worker.routers);
  perWorker('worker_transports', 'Transports on the worker (WebRTC and pipes).', (worker) => worker.transports);
  perWorker('worker_producers', 'Producers on the worker (published and piped in).', (worker) => worker.producers);
  perWorker('worker_consumers', 'Consumers on the worker (listeners and pipes out).', (worker) => worker.consumers);
  perWorker('worker_max_rss_bytes', 'Peak resident memory of the worker process.', (worker) => worker.maxRssBytes);
  new Counter({
    name: `${METRIC_PREFIX}worker_cpu_seconds_total`,
    help: 'CPU time used by the worker process (restarts from 0 when a dead worker is replaced).',
    labelNames: ['worker', 'mode'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const worker of await probe.workerUsage()) {
        this.inc({ worker: String(worker.index), mode: 'user' }, worker.userSeconds);
        this.inc({ worker: String(worker.index), mode: 'system' }, worker.systemSeconds);
      }
    },
  });

  perSession('session_participants', 'People in the session: connected to this process (scope="process"), or on every process (scope="all", as this process last heard).', ['scope'], (session, set) => {
    set({ scope: 'process' }, session.participants.here);
    set({ scope: 'all' }, session.participants.all);
  });
  perSession('session_listeners', 'Listeners of the floor (channel="floor") and of each interpretation channel; scope as for session_participants.', ['channel', 'scope'], (session, set) => {
    setListeners(session.listeners.here, 'process', set);
    setListeners(session.listeners.all, 'all', set);
  });
  perSession('session_consumers', "Consumers of the session's listeners on this process.", [], (session, set) => set({}, sum(session.routers.map((router) => router.consumers))));
  perSession('session_routers', 'Routers of the session on this process (one per worker it spreads over).', [], (session, set) => set({}, session.routers.length));
  perSession('booth_on_air', '1 while an interpreter is on air on the channel, else 0.', ['language'], (session, set) => {
    for (const booth of session.booths) set({ language: booth.language }, booth.onAir === null ? 0 : 1);
  });
  perSession('booth_coughing', '1 while the on-air interpreter holds cough (listeners hear nothing), else 0.', ['language'], (session, set) => {
    for (const booth of session.booths) set({ language: booth.language }, booth.onAir !== null && booth.muted ? 1 : 0);
  });
  perSession('booth_live', '1 while listeners of the channel hear an interpreter (on air, not coughing), else 0.', ['language'], (session, set) => {
    for (const booth of session.booths) set({ language: booth.language }, isLive(booth) ? 1 : 0);
  });
  perSession('booth_interpreters', 'Interpreters in the booth (every process).', ['language'], (session, set) => {
    for (const booth of session.booths) set({ language: booth.language }, booth.interpreters.length);
  });
  perSession('channel_level_dbov', "Level of the on-air interpreter's voice as it arrives at this process (-127 silence; only where the voice is published).", ['language'], (session, set) => {
    for (const booth of session.booths) {
      const voice = session.voices.find((candidate) => candidate.participantId === booth.onAir && candidate.language === booth.language);
      if (voice) set({ language: booth.language }, voice.level ?? -127);
    }
  });
  perSession('queue_length', 'Raised hands waiting in the speaker queue.', [], (session, set) => set({}, session.queue.entries.length));
  perSession('floor_taken', '1 while someone has the floor, else 0.', [], (session, set) => set({}, session.queue.current === null ? 0 : 1));

  const perAudio = (name: string, help: string, read: (streams: SessionMeasurement['audio']) => number) =>
    perSession(name, help, ['source'], (session, set) => {
      for (const source of ['microphone', 'interpretation'] as const) {
        const streams = session.audio.filter((stream) => stream.source === source);
        if (streams.length > 0) set({ source }, read(streams));
      }
    });
  perAudio('audio_packets_received', 'RTP packets received so far from the audio producers published here (sum over live producers).', (streams) =>
    sum(streams.map((stream) => stream.packets)),
  );
  perAudio('audio_packets_lost', 'RTP packets lost so far on the way from the publishers (sum over live producers).', (streams) =>
    sum(streams.map((stream) => stream.packetsLost)),
  );
  perAudio('audio_fraction_lost', 'Worst share of packets lost (0-1) in the last receiver-report interval among the audio producers.', (streams) =>
    Math.max(...streams.map((stream) => stream.fractionLost)),
  );
  perAudio('audio_score_min', "Lowest of mediasoup's 0-10 quality scores among the audio producers.", (streams) => Math.min(...streams.map((stream) => stream.score)));
  return registry;
}

function setListeners(counts: ListenerCounts, scope: string, set: SetValue): void {
  set({ channel: 'floor', scope }, counts.floor);
  for (const [language, count] of Object.entries(counts.channels)) set({ channel: language, scope }, count);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
