/** Runs `task` at most once per `intervalMs`, however often it is asked to; never overlapping. */
export class Throttle {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    /** Fixed, or worked out each time a run is scheduled. */
    private readonly intervalMs: number | (() => number),
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
    }, typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs());
    this.#timer.unref();
  }

  /** Stops for good: a run that was scheduled does not happen. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
