/**
 * "180/200" under a field with a length limit, so text is never cut without a word: the field
 * stops at the limit, and this says why. Announced (politely) once it is nearly full.
 */
export function CharacterCount({ id, length, limit }: { id: string; length: number; limit: number }) {
  const nearlyFull = length >= limit * 0.8;
  return (
    <small id={id} className={`character-count${length >= limit ? ' full' : ''}`} aria-live={nearlyFull ? 'polite' : 'off'}>
      {length}/{limit}
      {length >= limit ? ' — the limit' : ''}
    </small>
  );
}
