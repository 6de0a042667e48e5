/** Runs `task` at most once per `intervalMs`, however often it is asked to; never overlapping. */
export class Throttle {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => void | Promise<void>,
  ) {}

  schedule(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(async () => {
      try {
        if (!this.#stopped) await this.task();
      } finally {
        this.#timer = undefined;
      }
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** Stops for good; with `flush`, a run that was scheduled still happens, now. */
  stop({ flush = false } = {}): void {
    const pending = this.#timer !== undefined;
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (flush && pending) void Promise.resolve(this.task()).catch(() => undefined);
  }
}
