import { languageName } from './roleLabel.ts';
import { nativeLanguageName } from './languageLabel.ts';

/** A language's own name, isolated and tagged with its language (screen readers pronounce it right), then English. */
export function LanguageName({ code }: { code: string }) {
  const english = languageName(code);
  const native = nativeLanguageName(code);
  if (!native || native === english) return <>{english}</>;
  return (
    <>
      <bdi lang={code}>{native}</bdi> — {english}
    </>
  );
}
