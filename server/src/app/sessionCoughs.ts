import type { Booth, Participant } from '@multaqa/shared';
import type { Logger } from '../logger.ts';
import { isStoreUnavailable } from '../store/redisHealth.ts';
import { LocalLimits } from './localLimits.ts';

export type CoughDeps = {
  /** Stops (or lets flow again) the interpreter's channel voice on this process's worker. */
  silence: (participantId: string, coughing: boolean) => void;
  /** The booth as it will be after the cough, refused as the booth would refuse it (not on air). */
  preview: (participant: Participant, muted: boolean) => Booth;
  /** Tells the shared booth (Redis, every process) of a cough, if the interpreter is still on air. */
  tell: (participant: Participant, muted: boolean) => Promise<void>;
  /** The interpreter, while still connected here. */
  participant: (participantId: string) => Participant | undefined;
  /** Whether Redis answers now. */
  storeReady: () => boolean;
  logger: Logger;
};

/**
 * The cough buttons of one session's interpreters on this process. A cough silences the voice
 * on the worker at once and is answered with the booth as known here: nothing shared (Redis) is
 * on its way. The booth hears of it just after, in the order pressed; while Redis does not
 * answer, once it does again (the latest press of each interpreter).
 */
export class SessionCoughs {
  readonly #limits = new LocalLimits();
  /** Each interpreter's latest press the booth has not been told of yet. */
  readonly #toTell = new Map<string, boolean>();
  #telling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CoughDeps) {}

  async cough(participant: Participant, muted: boolean): Promise<Booth> {
    await this.#limits.take('cough', participant.id);
    const booth = this.deps.preview(participant, muted);
    this.deps.silence(participant.id, muted);
    this.#toTell.set(participant.id, muted);
    if (this.deps.storeReady()) void this.tellBooths();
    return booth;
  }

  /** Tells the booths of the presses not told yet; one that cannot be told now waits for the next call. */
  tellBooths(): Promise<void> {
    this.#telling = this.#telling.then(async () => {
      for (const [participantId, muted] of [...this.#toTell]) {
        // A later press replaced this one meanwhile: that one is told (the loop's next round).
        if (this.#toTell.get(participantId) !== muted) continue;
        this.#toTell.delete(participantId);
        const participant = this.deps.participant(participantId);
        if (!participant) continue;
        try {
          await this.deps.tell(participant, muted);
        } catch (error) {
          if (isStoreUnavailable(error) && !this.#toTell.has(participantId)) this.#toTell.set(participantId, muted);
          else this.deps.logger.warn({ err: error }, 'could not tell the booth of a cough');
        }
      }
    });
    return this.#telling;
  }
}
