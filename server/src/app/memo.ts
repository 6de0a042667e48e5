/**
 * The last answer of `compute` for up to `maxAgeMs`: one scrape's gauges, a heartbeat and an
 * operator's refresh that come together share one measurement instead of asking the workers
 * and Redis again each. A failed answer is not kept.
 */
export function memo<T>(compute: () => Promise<T>, maxAgeMs: number, clock: () => number = Date.now): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = clock();
    if (last && now - last.at < maxAgeMs) return last.value;
    const entry = { at: now, value: compute() };
    last = entry;
    entry.value.catch(() => {
      if (last === entry) last = undefined;
    });
    return entry.value;
  };
}
