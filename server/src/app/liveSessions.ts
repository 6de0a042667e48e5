import type { SessionInfo } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import type { MediaLoad, SessionMedia } from '../media/sessionMedia.ts';
import type { BoothChangedMessage } from '../store/boothStore.ts';
import type { CountsChangedMessage } from '../store/processCounters.ts';
import type { ProducerChangedMessage } from '../store/producerDirectory.ts';
import type { ModerationMessage } from '../store/moderationEvents.ts';
import type { QueueChangedMessage } from '../store/queueStore.ts';
import type { ConferenceStore } from '../store/conferenceStore.ts';
import type { RecordingMessage } from '../store/recordingStore.ts';
import { LiveSession, SESSION_CLOSED, type LiveSessionDeps } from './liveSession.ts';

/** The sessions live on this process: opened on first join, closed when the last person leaves. */
export class LiveSessions {
  readonly #sessions = new Map<string, Promise<LiveSession>>();
  #draining = false;

  constructor(
    private readonly store: ConferenceStore,
    private readonly openMedia: (sessionId: string) => Promise<SessionMedia>,
    private readonly deps: LiveSessionDeps,
  ) {}

  /** A moderator acted on people somewhere: carried out here for those connected here. */
  moderation({ sessionId, action }: ModerationMessage): void {
    this.#ifOpen(sessionId, (session) => session.people.apply(action));
  }

  /** The queue changed somewhere: the floor in this process's media follows. */
  queueChanged({ sessionId, value: queue }: QueueChangedMessage): void {
    this.#ifOpen(sessionId, (session) => session.syncQueue(queue));
  }

  /** A producer changed on some process: the others follow (their pipes, their copy, their speaker observer). */
  producerChanged(message: ProducerChangedMessage): void {
    if (message.processId === this.deps.processId) return;
    this.#ifOpen(message.sessionId, (session) => session.remoteProducerChanged(message));
  }

  /** Another process's counts of a session changed: this process's people hear the new totals. */
  countsChanged(message: CountsChangedMessage): void {
    if (message.processId === this.deps.processId) return;
    this.#ifOpen(message.sessionId, (session) => session.countsChanged(message.name));
  }

  /** The media of a session open here (for pipes to other processes), or undefined. */
  async mediaOf(sessionId: string): Promise<SessionMedia | undefined> {
    const session = await this.#sessions.get(sessionId)?.catch(() => undefined);
    return session && !session.isClosed ? session.exportingMedia : undefined;
  }

  /** A session's recording changed somewhere (or a moderator elsewhere asks this process to stop it). */
  recordingMessage(message: RecordingMessage): void {
    this.#ifOpen(message.sessionId, (session) => session.recordingMessage(message));
  }

  /** A booth changed somewhere: the session's media here follows, if it is open here. */
  boothChanged({ sessionId, value: booth }: BoothChangedMessage): void {
    this.#ifOpen(sessionId, (session) => session.syncBooth(booth));
  }

  /**
   * The live session, opened (router and all) if nobody is in it yet, and held open for a join
   * on its way: reserved in the same step that checks it is not closing, so the last person's
   * leaving cannot close it under the join. A session that closed while the caller waited (its
   * last person left, or its worker died) is replaced.
   */
  async openForJoin(sessionId: string): Promise<{ session: LiveSession; release: () => void }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      this.#refuseWhileDraining();
      const pending = this.#openOnce(sessionId);
      const session = await pending;
      this.#refuseWhileDraining();
      if (!session.isClosed) return { session, release: session.reserve() };
      if (this.#sessions.get(sessionId) === pending) this.#sessions.delete(sessionId);
    }
    throw new DomainError('INVALID_STATE', 'the session is restarting; join again');
  }

  #openOnce(sessionId: string): Promise<LiveSession> {
    let pending = this.#sessions.get(sessionId);
    if (!pending) {
      pending = this.#create(sessionId);
      this.#sessions.set(sessionId, pending);
      pending.catch(() => {
        if (this.#sessions.get(sessionId) === pending) this.#sessions.delete(sessionId);
      });
    }
    return pending;
  }

  /** Call after someone left: frees the router of a session nobody is in. */
  async closeIfEmpty(session: LiveSession): Promise<void> {
    if (!session.isEmpty) return;
    const current = await this.#sessions.get(session.info.id)?.catch(() => undefined);
    // Someone may have started joining while we looked.
    if (current !== session || !session.isEmpty) return;
    this.#sessions.delete(session.info.id);
    await session.close('SERVER_SHUTDOWN', SESSION_CLOSED, { processStays: true });
  }

  /** The session if it is open on this process (for tests and metrics). */
  async open(sessionId: string): Promise<LiveSession | undefined> {
    const session = await this.#sessions.get(sessionId)?.catch(() => undefined);
    return session && !session.isClosed ? session : undefined;
  }

  /** Where a live session's people and consumers are, router by router (home first); [] if it is not open here. */
  async mediaLoad(sessionId: string): Promise<MediaLoad[]> {
    const session = await this.#sessions.get(sessionId)?.catch(() => undefined);
    return session?.mediaLoad() ?? [];
  }

  /** The sessions open (not closing) on this process now. */
  async live(): Promise<LiveSession[]> {
    const settled = await Promise.all([...this.#sessions.values()].map((pending) => pending.catch(() => undefined)));
    return settled.filter((session): session is LiveSession => session !== undefined && !session.isClosed);
  }

  /** The session if it is open on this process now. */
  async find(sessionId: string): Promise<LiveSession | undefined> {
    const session = await this.#sessions.get(sessionId)?.catch(() => undefined);
    return session && !session.isClosed ? session : undefined;
  }

  /** How much this process carries: open sessions, people, consumers. */
  async load(): Promise<{ sessions: number; peers: number; consumers: number }> {
    const load = { sessions: 0, peers: 0, consumers: 0 };
    for (const pending of this.#sessions.values()) {
      const session = await pending.catch(() => undefined);
      if (!session || session.isClosed) continue;
      load.sessions++;
      for (const router of session.mediaLoad()) {
        load.peers += router.peers;
        load.consumers += router.consumers;
      }
    }
    return load;
  }

  /** Redis came back: every session open here reads the shared state again and says who it has. */
  async resync(): Promise<void> {
    for (const pending of this.#sessions.values()) {
      const session = await pending.catch(() => undefined);
      if (!session || session.isClosed) continue;
      await this.store.restoreSession(session.info);
      await session.resync().catch((error: unknown) => this.deps.logger.warn({ err: error, session: session.info.id }, 'could not resync a session'));
    }
  }

  /** Cleans up after server processes that went away, in every session open here. */
  async sweepDeparted(): Promise<void> {
    for (const pending of this.#sessions.values()) {
      const session = await pending.catch(() => undefined);
      if (!session || session.isClosed) continue;
      await session.sweepDeparted().catch((error: unknown) => this.deps.logger.warn({ err: error, session: session.info.id }, 'could not sweep departed processes'));
    }
  }

  /** The process is shutting down: from now on every join is refused (the client joins elsewhere). */
  drain(): void {
    this.#draining = true;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Refuses a join at once while the process shuts down (before any work is done for it). */
  assertAdmitting(): void {
    this.#refuseWhileDraining();
  }

  #refuseWhileDraining(): void {
    if (this.#draining) throw new DomainError('UNAVAILABLE', 'this server is shutting down; reconnect to join again');
  }

  async closeAll(message: string): Promise<void> {
    const sessions = await Promise.allSettled([...this.#sessions.values()]);
    this.#sessions.clear();
    for (const result of sessions) {
      if (result.status === 'fulfilled') {
        await result.value.close('SERVER_SHUTDOWN', message);
      }
    }
  }

  /** Runs `apply` on the session if it is open (or opening) on this process; otherwise nothing to do here. */
  #ifOpen(sessionId: string, apply: (session: LiveSession) => void): void {
    void this.#sessions.get(sessionId)?.then(apply, () => undefined);
  }

  async #create(sessionId: string): Promise<LiveSession> {
    const info: SessionInfo | undefined = await this.store.session(sessionId);
    if (!info) throw new DomainError('NOT_FOUND', `no session '${sessionId}'`);
    const media = await this.openMedia(sessionId);
    const deps: LiveSessionDeps = { ...this.deps, onIdle: (idle) => void this.closeIfEmpty(idle) };
    const session = await LiveSession.open(info, media, deps).catch((error: unknown) => {
      media.close();
      throw error;
    });
    // The home router's worker died: everyone reconnects, and the next open() replaces this
    // closed session with one on fresh routers. (An edge router's people alone re-join.)
    media.onRouterClosed((slot) => {
      if (slot.home) void session.close('MEDIA_RESTARTED', 'the media server restarted; reconnecting');
    });
    return session;
  }
}
