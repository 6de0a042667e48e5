import type { FloorHolder } from '@multaqa/shared';

/**
 * The "mute when time is up" policy: one timer for whoever holds the floor, replaced on every
 * queue change. The clock is the server's, so no client can stretch its own turn.
 */
export class SpeakerTimeUp {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly mute: (participantId: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  schedule(current: FloorHolder | null): void {
    clearTimeout(this.#timer);
    if (!current || current.onTimeUp !== 'mute' || this.#stopped) return;
    const delay = Math.max(0, current.startedAt + current.limitSeconds * 1000 - this.now());
    this.#timer = setTimeout(() => this.mute(current.participantId), delay);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
