import { describe, expect, it } from 'vitest';
import { DownloadLinks } from './downloadLinks.ts';

const SECRET = 'a-test-secret-that-is-long-enough-123';
const PATH = '/api/recording-files/plenary-1/0f8fad5b-d9cb-469f-a165-70867728950e/channel-fr.ogg';

function parts(link: string) {
  const url = new URL(link, 'http://x');
  return { path: url.pathname, expires: Number(url.searchParams.get('expires')), signature: url.searchParams.get('signature')! };
}

describe('signed download links', () => {
  const links = new DownloadLinks(SECRET, 600);
  const now = Date.parse('2025-05-01T09:00:00Z');

  it('accepts its own link until it expires', () => {
    const { path, expires, signature } = parts(links.sign(PATH, now));
    expect(path).toBe(PATH);
    expect(expires).toBe(now / 1000 + 600);
    expect(links.verify(path, expires, signature, now + 599_000)).toBe(true);
    expect(links.verify(path, expires, signature, now + 601_000)).toBe(false);
  });

  it('refuses another path, a changed expiry, a forged or foreign signature', () => {
    const { path, expires, signature } = parts(links.sign(PATH, now));
    expect(links.verify(path.replace('channel-fr', 'channel-es'), expires, signature, now)).toBe(false);
    expect(links.verify(path, expires + 3600, signature, now)).toBe(false);
    expect(links.verify(path, expires, signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A'), now)).toBe(false);
    expect(links.verify(path, expires, '', now)).toBe(false);
    expect(new DownloadLinks(`${SECRET}-other`).verify(path, expires, signature, now)).toBe(false);
    expect(links.verify(path, Number.NaN, signature, now)).toBe(false);
  });
});
