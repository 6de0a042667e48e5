/** What a list kept current reads, and how often. */
export type LatestReadOptions = {
  /** Read again this often while started (a change it missed is caught up within this long). */
  everyMs: number;
  /** After a failed read (a busy server, a reconnect), read again this soon. */
  retryMs: number;
};

/**
 * Something read from the server again and again (the participant list), of which only the
 * answer to the latest read counts: an older answer arriving late would bring back a list
 * without the newest joiner. A failed read is tried again soon; a missed change is caught up
 * by reading every `everyMs`.
 */
export class LatestRead<T> {
  #asked = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #every: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly onAnswer: (answer: T) => void,
    private readonly options: LatestReadOptions,
  ) {}

  /** Reads now, and every `everyMs` until stopped. */
  start(): void {
    this.stop();
    this.#every = setInterval(() => this.refresh(), this.options.everyMs);
    this.refresh();
  }

  refresh(): void {
    const asked = ++this.#asked;
    clearTimeout(this.#retry);
    this.read().then(
      (answer) => {
        if (asked === this.#asked) this.onAnswer(answer);
      },
      () => {
        if (asked === this.#asked && this.#every !== undefined) this.#retry = setTimeout(() => this.refresh(), this.options.retryMs);
      },
    );
  }

  stop(): void {
    clearInterval(this.#every);
    clearTimeout(this.#retry);
    this.#every = undefined;
  }
}
