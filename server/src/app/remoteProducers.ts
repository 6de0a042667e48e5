import type { ProducerInfo } from '@multaqa/shared';
import type { DirectoryEntry, ProducerChangedMessage, ProducerDirectory } from '../store/producerDirectory.ts';

/**
 * This process's copy of what the other server processes publish in one session: loaded when
 * the session opens here, then kept by the change messages, so a join lists every producer
 * without asking Redis. A producer asked for before its message arrived is looked up directly.
 */
export class RemoteProducers {
  readonly #entries = new Map<string, DirectoryEntry>();

  private constructor(
    private readonly sessionId: string,
    private readonly directory: ProducerDirectory,
    private readonly ownProcess: string,
  ) {}

  static async load(sessionId: string, directory: ProducerDirectory, ownProcess: string): Promise<RemoteProducers> {
    const remote = new RemoteProducers(sessionId, directory, ownProcess);
    for (const entry of await directory.live(sessionId)) remote.#keep(entry);
    return remote;
  }

  get entries(): Iterable<DirectoryEntry> {
    return this.#entries.values();
  }

  infos(): ProducerInfo[] {
    return [...this.#entries.values()].map((entry) => entry.producer);
  }

  participantOf(producerId: string): string | undefined {
    return this.#entries.get(producerId)?.producer.participantId;
  }

  /** The producer's entry, from the copy or else from Redis (its change message may be on its way). */
  async find(producerId: string): Promise<DirectoryEntry | undefined> {
    const known = this.#entries.get(producerId);
    if (known) return known;
    const entry = await this.directory.get(this.sessionId, producerId);
    if (!entry || entry.processId === this.ownProcess) return undefined;
    this.#keep(entry);
    return entry;
  }

  /** Follows a change made on another process; returns whether it was news here. */
  apply(message: ProducerChangedMessage): boolean {
    if (message.change === 'closed') return this.#entries.delete(message.producer.id);
    return this.#keep({ producer: message.producer, processId: message.processId });
  }

  /** Forgets producers that the sweep found departed. */
  forget(producerId: string): void {
    this.#entries.delete(producerId);
  }

  #keep(entry: DirectoryEntry): boolean {
    if (entry.processId === this.ownProcess) return false;
    const news = !this.#entries.has(entry.producer.id);
    this.#entries.set(entry.producer.id, entry);
    return news;
  }
}
