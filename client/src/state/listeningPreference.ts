import { z } from 'zod';
import { LanguageCodeSchema } from '@multaqa/shared';

/** −15 dB: the floor stays audible under the interpretation, as in a conference hall. */
export const DEFAULT_FLOOR_LEVEL = 10 ** (-15 / 20);

const KEY = 'multaqa.listening';
const PreferenceSchema = z.object({
  language: LanguageCodeSchema.nullable(),
  floorLevel: z.number().min(0).max(1),
  /** No video at all: for weak links, and for those who only follow the interpretation. */
  audioOnly: z.boolean().default(false),
});
export type ListeningPreference = z.infer<typeof PreferenceSchema>;
export type ListeningPreferenceInput = z.input<typeof PreferenceSchema>;

/** The listener's language and floor level, kept in this browser across reconnects and sessions. */
export function loadListeningPreference(): ListeningPreference {
  try {
    const parsed = PreferenceSchema.safeParse(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
    if (parsed.success) return parsed.data;
  } catch {
    // Unreadable storage: fall back to the defaults.
  }
  return { language: null, floorLevel: DEFAULT_FLOOR_LEVEL, audioOnly: false };
}

export function saveListeningPreference(preference: ListeningPreferenceInput): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(preference));
  } catch {
    // Private mode or full storage: the choice just is not remembered.
  }
}
