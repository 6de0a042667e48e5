/**
 * Turns a cumulative CPU time (a process's user + system time) into the share of a core it
 * used lately: over the window between two samples at least `windowMs` apart. Samples taken
 * sooner (a scrape right after a heartbeat) get the last share instead of a noisy one from a
 * few milliseconds. A time that goes backwards (the process was replaced) starts again.
 */
export class CpuMeter {
  #base: { at: number; cpuMs: number };
  #share = 0;

  constructor(
    start: { at: number; cpuMs: number },
    private readonly windowMs = 1_000,
  ) {
    this.#base = start;
  }

  /** The share of one core (1 = a whole core) as of `at`, given the CPU time used by then. */
  sample(at: number, cpuMs: number): number {
    if (cpuMs < this.#base.cpuMs || at < this.#base.at) {
      this.#base = { at, cpuMs };
      this.#share = 0;
      return 0;
    }
    const elapsed = at - this.#base.at;
    if (elapsed >= this.windowMs) {
      this.#share = (cpuMs - this.#base.cpuMs) / elapsed;
      this.#base = { at, cpuMs };
    }
    return this.#share;
  }
}
