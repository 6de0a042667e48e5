/** The quietest level the meter shows above zero (speech sits around −40 to −10 dBov). */
const FLOOR_DB = -60;

/** A level in dBov (−127 silence … 0 the loudest; null: nothing arrives) as a meter's 0–100. */
export function levelPercent(level: number | null): number {
  if (level === null || level <= FLOOR_DB) return 0;
  return Math.round((Math.min(0, level) - FLOOR_DB) / -FLOOR_DB * 100);
}

/** A share of one core (0.25) as a percentage for a table ("25 %"). */
export function cpuPercent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Bytes as megabytes for a table. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1_048_576)} MB`;
}
