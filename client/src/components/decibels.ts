import { formatDecibels } from '@multaqa/shared';

/** A level slider's positions in decibels: `step` dB apart from `min` (its lowest position, which is "off") to 0 dB. */
export type DecibelScale = { min: number; step: number };

/** Floor under interpretation: 3 dB steps (a step one hears) down to −45 dB, then off. */
export const FLOOR_SCALE: DecibelScale = { min: -48, step: 3 };

/** The slider position (dB) nearest a linear level; 0 and anything under the scale is its lowest position. */
export function positionOf(level: number, scale: DecibelScale): number {
  if (level <= 0) return scale.min;
  const db = Math.round((20 * Math.log10(level)) / scale.step) * scale.step;
  return Math.max(scale.min, Math.min(0, db));
}

/** The linear level (0–1) of a slider position. */
export function levelAt(position: number, scale: DecibelScale): number {
  return position <= scale.min ? 0 : 10 ** (Math.min(0, position) / 20);
}

/** What the position reads as, for eyes and screen readers: "−15 dB", "0 dB", "off". */
export function describePosition(position: number, scale: DecibelScale): string {
  if (position <= scale.min) return 'off';
  return formatDecibels(position);
}
