/** A turn's time limit as moderators type it: "3" (minutes) or "2:30" (minutes:seconds). */
export function parseTimeLimit(text: string): number | undefined {
  const match = /^\s*(\d{1,3})(?::([0-5]\d))?\s*$/.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * 60 + Number(match[2] ?? 0);
  return seconds >= MIN_SECONDS && seconds <= MAX_SECONDS ? seconds : undefined;
}

export function formatTimeLimit(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The protocol's bounds for a turn (see TimeLimitSchema in shared). */
export const MIN_SECONDS = 10;
export const MAX_SECONDS = 4 * 3600;
