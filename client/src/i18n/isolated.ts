/** Unicode first-strong isolate … pop directional isolate. */
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * A name or title to splice into a message as plain text, isolated: "Ahmad" in a French sentence
 * or "Lina" in an Arabic one never reorders the words around it (what <bdi> does in markup).
 */
export function isolated(text: string): string {
  return `${FSI}${text}${PDI}`;
}
