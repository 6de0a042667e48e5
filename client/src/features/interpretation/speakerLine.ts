import { languageName } from '../../components/roleLabel.ts';

/**
 * "Sara · French": who speaks, and in which language, as a booth needs it to prepare relay. A
 * hand raised without a language says so: guessing the floor language would send a booth the
 * wrong way.
 */
export function speakerLine(entry: { name: string; language?: string | undefined } | null | undefined, nobody: string): string {
  if (!entry) return nobody;
  return `${entry.name} · ${entry.language ? languageName(entry.language) : 'language not given'}`;
}
