import type { Booth, ListenerCounts, Participant, SessionInfo } from '@multaqa/shared';
import { applyBoothCommand, type BoothCommand } from '../domain/interpretation/booth.ts';
import { DomainError } from '../domain/errors.ts';
import type { ConnectionId } from '../domain/session/roster.ts';
import type { Logger } from '../logger.ts';
import type { BoothPresenceStore } from '../store/boothPresence.ts';
import type { BoothStore } from '../store/boothStore.ts';
import type { ProcessCounters } from '../store/processCounters.ts';
import type { Outbox } from './outbox.ts';
import { BroadcastTally } from './broadcastTally.ts';

export type InterpretationStores = { booths: BoothStore; presence: BoothPresenceStore; listeners: ProcessCounters };

/** The listener-count field of people on the floor (channels are counted under their language). */
const FLOOR = 'floor';

/** A booth command as an interpreter sends it: the booth and the actor come from who they are. */
export type InterpreterAction = BoothCommand extends infer C ? (C extends { by: string } ? Omit<C, 'by'> : never) : never;


/**
 * The interpretation side of one live session on this process: a cache of its booths (the
 * truth is in Redis, kept fresh by the booth-change subscription) and what each connection
 * listens to. Media enforcement is the caller's: `onBoothChanged` says when.
 */
export class SessionInterpretation {
  readonly #booths = new Map<string, Booth>();
  readonly #choices = new Map<ConnectionId, { language: string | null; counted: boolean }>();
  /** This process's listeners per field (FLOOR or a language). */
  readonly #ownListeners = new Map<string, number>();
  /** Interpreters whose connection dropped, keeping their place until they are back or time is up. */
  readonly #awaited = new Map<string, { participant: Participant; timer: NodeJS.Timeout }>();
  #listeners!: BroadcastTally;

  private constructor(
    private readonly info: SessionInfo,
    private readonly stores: InterpretationStores,
    private readonly outbox: Outbox,
    private readonly onBoothChanged: (booth: Booth) => void,
    booths: Booth[],
  ) {
    for (const booth of booths) this.#booths.set(booth.language, booth);
  }

  static async load(
    info: SessionInfo,
    stores: InterpretationStores,
    outbox: Outbox,
    logger: Logger,
    onBoothChanged: (booth: Booth) => void,
  ): Promise<SessionInterpretation> {
    const booths = await stores.booths.all(info.id, info.interpretationLanguages);
    const interpretation = new SessionInterpretation(info, stores, outbox, onBoothChanged, booths);
    interpretation.#listeners = await BroadcastTally.open(
      stores.listeners,
      info.id,
      () => Object.fromEntries(interpretation.#ownListeners),
      () => outbox.broadcastHere(info.id, 'interpretation:listenerCountsChanged', interpretation.counts()),
      logger,
    );
    return interpretation;
  }

  /** Booths in the session's language order. */
  booths(): Booth[] {
    return this.info.interpretationLanguages.map((language) => this.#booths.get(language)!);
  }

  booth(language: string): Booth | undefined {
    return this.#booths.get(language);
  }

  choiceOf(connection: ConnectionId): string | null {
    return this.#choices.get(connection)?.language ?? null;
  }

  /** Listeners on the floor and on each channel, on every process (others' as of the last broadcast). */
  counts(): ListenerCounts {
    const totals = this.#listeners.totals;
    const channels = Object.fromEntries(this.info.interpretationLanguages.map((language) => [language, totals[language] ?? 0]));
    return { floor: totals[FLOOR] ?? 0, channels };
  }

  /** Listeners on the floor and on each channel connected to this process (exact, now). */
  ownCounts(): ListenerCounts {
    const own = this.#ownListeners;
    const channels = Object.fromEntries(this.info.interpretationLanguages.map((language) => [language, own.get(language) ?? 0]));
    return { floor: own.get(FLOOR) ?? 0, channels };
  }

  /** Takes a booth change (from this process or, through Redis, any other) if it is newer. */
  sync(booth: Booth): void {
    const known = this.#booths.get(booth.language);
    if (!known || known.version >= booth.version) return;
    this.#booths.set(booth.language, booth);
    this.onBoothChanged(booth);
  }

  /**
   * Redis came back: the booths are taken as Redis has them (the changes this process missed
   * while it was away included), or written back from this process's copy if Redis lost them;
   * `present`, the interpreters connected here, claim their places again and are back in their
   * booths if a process that took them for gone had taken them out. This process's people hear
   * whatever changed.
   */
  async resync(present: readonly Participant[]): Promise<void> {
    for (const known of this.booths()) {
      const truth = await this.stores.booths.restore(this.info.id, known);
      if (JSON.stringify(truth) === JSON.stringify(known)) continue;
      this.#booths.set(truth.language, truth);
      this.onBoothChanged(truth);
      this.outbox.broadcastHere(this.info.id, 'booth:changed', { booth: truth });
    }
    for (const participant of present) {
      if (participant.grant.role !== 'interpreter' || !this.#booths.has(participant.grant.language)) continue;
      await this.stores.presence.claim(this.info.id, participant.id);
      if (!this.#booths.get(participant.grant.language)!.interpreters.some((i) => i.id === participant.id)) {
        await this.#apply(participant.grant.language, { type: 'join', interpreter: { id: participant.id, name: participant.name } });
      }
    }
    this.#listeners.changed();
  }

  /**
   * An interpreter arrived: they join the booth of their language (which must exist here). One
   * who comes back within the grace period of a process that went away keeps their place.
   */
  async addInterpreter(participant: Participant): Promise<void> {
    const language = this.#boothLanguageOf(participant);
    clearTimeout(this.#awaited.get(participant.id)?.timer);
    this.#awaited.delete(participant.id);
    await this.stores.presence.claim(this.info.id, participant.id);
    await this.#apply(language, { type: 'join', interpreter: { id: participant.id, name: participant.name } });
  }

  /** An interpreter left this process: out of the booth, unless they are connected elsewhere by now. */
  async removeInterpreter(participant: Participant): Promise<void> {
    if (participant.grant.role !== 'interpreter' || !this.#booths.has(participant.grant.language)) return;
    if (!(await this.stores.presence.release(this.info.id, participant.id))) return;
    await this.#leaveBooth(participant.id, participant.grant.language);
  }

  /**
   * An interpreter's connection dropped (they did not leave): their place in the booth — on air,
   * if they were — waits `graceMs` for them to come back, here or through another process; a
   * partner may take the channel meanwhile. After that they are out, unless they came back.
   */
  removeInterpreterLater(participant: Participant, graceMs: number, stillAway: () => boolean, onError: (error: unknown) => void): void {
    clearTimeout(this.#awaited.get(participant.id)?.timer);
    // Their partners see it (and may take the channel); coming back clears it.
    if (participant.grant.role === 'interpreter' && this.#booths.has(participant.grant.language)) {
      this.#apply(participant.grant.language, { type: 'setAway', by: participant.id, away: true }).catch(onError);
    }
    const timer = setTimeout(() => {
      this.#awaited.delete(participant.id);
      if (stillAway()) this.removeInterpreter(participant).catch(onError);
    }, graceMs);
    timer.unref();
    this.#awaited.set(participant.id, { participant, timer });
  }

  /** Another process's listener counts changed. */
  listenerCountsChanged(): void {
    this.#listeners.othersChanged();
  }

  /**
   * Takes the interpreters of server processes that went away (crashed, or stopped and nobody
   * came back within the grace period) out of their booths, so a booth is never stuck "on air"
   * with nobody there; and drops those processes' listeners from the counts.
   */
  async sweepDeparted(): Promise<void> {
    for (const participantId of await this.stores.presence.releaseDeparted(this.info.id)) {
      const booth = this.booths().find((b) => b.interpreters.some((i) => i.id === participantId));
      const interpreter = booth?.interpreters.find((i) => i.id === participantId);
      if (!booth || !interpreter) continue;
      await this.#leaveBooth(participantId, booth.language);
      // They re-joined on another process while this ran: their place is theirs again.
      if (await this.stores.presence.isPresent(this.info.id, participantId)) {
        await this.#apply(booth.language, { type: 'join', interpreter: { id: interpreter.id, name: interpreter.name } });
      }
    }
    await this.#listeners.sweepDeparted();
  }

  /**
   * What the interpreter's command would make of the booth as this process knows it, refused
   * as the real one would be; nothing is changed, and the version stays the one known (for
   * while Redis cannot be told: the real next version is Redis's to give).
   */
  preview(participant: Participant, action: InterpreterAction): Booth {
    const known = this.#booths.get(this.#boothLanguageOf(participant))!;
    return { ...applyBoothCommand(known, { ...action, by: participant.id } as BoothCommand), version: known.version };
  }

  /** An interpreter's own booth command; refused for anyone else. */
  async act(participant: Participant, action: InterpreterAction): Promise<Booth> {
    const language = this.#boothLanguageOf(participant);
    if (action.type === 'setInput' && action.input.kind === 'booth' && !this.#booths.has(action.input.language)) {
      throw new DomainError('NOT_FOUND', `this session has no ${action.input.language} channel to relay from`);
    }
    return this.#apply(language, { ...action, by: participant.id } as BoothCommand);
  }

  /** Starts or changes what a connection listens to; only audience choices are counted. */
  async choose(connection: ConnectionId, language: string | null, counted: boolean): Promise<void> {
    if (language !== null && !this.#booths.has(language)) {
      throw new DomainError('NOT_FOUND', `this session has no ${language} channel`);
    }
    this.forget(connection);
    this.#choices.set(connection, { language, counted });
    if (counted) this.#countListener(language, 1);
  }

  forget(connection: ConnectionId): void {
    const previous = this.#choices.get(connection);
    this.#choices.delete(connection);
    if (previous?.counted) this.#countListener(previous.language, -1);
  }

  /**
   * The session closes here: its listeners leave the counts, and people elsewhere hear the new
   * counts. Interpreters still awaited after a dropped connection leave their booths now if
   * `releaseAwaited` (the process goes on without the session: nothing else would take them
   * out); otherwise (the process stops) the other processes do once its grace period is over.
   */
  async close({ releaseAwaited = false } = {}): Promise<void> {
    const awaited = [...this.#awaited.values()];
    for (const { timer } of awaited) clearTimeout(timer);
    this.#awaited.clear();
    if (releaseAwaited) for (const { participant } of awaited) await this.removeInterpreter(participant);
    this.#choices.clear();
    this.#ownListeners.clear();
    await this.#listeners.close();
  }

  #countListener(language: string | null, delta: number): void {
    const field = language ?? FLOOR;
    this.#ownListeners.set(field, (this.#ownListeners.get(field) ?? 0) + delta);
    this.#listeners.changed();
  }

  async #apply(language: string, command: BoothCommand): Promise<Booth> {
    const { booth, changed } = await this.stores.booths.apply(this.info.id, language, command);
    this.sync(booth);
    // Sockets on every process hear it from the one that made the change.
    if (changed) this.outbox.broadcast(this.info.id, 'booth:changed', { booth });
    return booth;
  }

  async #leaveBooth(participantId: string, language: string): Promise<void> {
    const booth = await this.stores.booths.get(this.info.id, language);
    if (!booth.interpreters.some((i) => i.id === participantId)) return;
    await this.#apply(language, { type: 'leave', by: participantId });
  }

  #boothLanguageOf(participant: Participant): string {
    if (participant.grant.role !== 'interpreter') throw new DomainError('FORBIDDEN', 'only interpreters work in booths');
    const { language } = participant.grant;
    if (!this.#booths.has(language)) throw new DomainError('FORBIDDEN', `this session has no ${language} booth`);
    return language;
  }
}
