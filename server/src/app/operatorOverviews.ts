import type { OperatorOverview, ProcessLoad } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import { mergeOverview, type ProcessSessionSnapshot } from '../domain/operator/overview.ts';
import { memo } from './memo.ts';
import type { BoothStore } from '../store/boothStore.ts';
import type { ConferenceStore } from '../store/conferenceStore.ts';
import type { OperatorBus } from '../store/operatorBus.ts';
import type { QueueStore } from '../store/queueStore.ts';
import type { SessionReport } from './sessionReport.ts';

/** An overview asked again within this long (two organizers, a quick reload) is the same one. */
const FRESH_MS = 1_000;

export type OperatorOverviewDeps = {
  processId: string;
  conference: ConferenceStore;
  booths: BoothStore;
  queues: QueueStore;
  /** The live server processes (the heartbeat registry). */
  registry: () => Promise<Array<{ id: string; url?: string | undefined; load?: ProcessLoad | undefined }>>;
  bus: OperatorBus;
};

/**
 * The operator overview of a session: every live process is asked for its part (through the
 * bus), booths and queue are read from Redis, and the parts are merged (mergeOverview).
 */
export class OperatorOverviews {
  readonly #recent = new Map<string, () => Promise<OperatorOverview>>();

  constructor(private readonly deps: OperatorOverviewDeps) {}

  overview(sessionId: string): Promise<OperatorOverview> {
    let recent = this.#recent.get(sessionId);
    if (!recent) {
      recent = memo(() => this.#build(sessionId), FRESH_MS);
      this.#recent.set(sessionId, recent);
    }
    const asked = recent;
    // Only sessions that exist keep an entry (a link may name one that was removed).
    return asked().catch((error: unknown) => {
      if (this.#recent.get(sessionId) === asked) this.#recent.delete(sessionId);
      throw error;
    });
  }

  async #build(sessionId: string): Promise<OperatorOverview> {
    const session = await this.deps.conference.session(sessionId);
    if (!session) throw new DomainError('NOT_FOUND', `no session '${sessionId}'`);
    const registry = await this.deps.registry();
    const ids = [...new Set([this.deps.processId, ...registry.map((entry) => entry.id)])];
    const [snapshots, booths, queue] = await Promise.all([
      this.deps.bus.ask(ids, sessionId),
      this.deps.booths.all(sessionId, session.interpretationLanguages),
      this.deps.queues.get(sessionId),
    ]);
    return mergeOverview({ session, at: Date.now(), selfId: this.deps.processId, booths, queue, registry, snapshots });
  }
}

/** This process's answer for one session: its part of it (null when it is not open here) and its load. */
export function snapshotOf(processId: string, load: ProcessLoad, report: SessionReport | undefined): ProcessSessionSnapshot {
  return {
    processId,
    load,
    session: report ? { participants: report.participants.here, listeners: report.listeners.here, voices: report.voices } : null,
  };
}
