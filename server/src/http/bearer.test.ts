import { describe, expect, it } from 'vitest';
import { bearerToken, sameSecret } from './bearer.ts';

describe('bearer tokens', () => {
  it('reads the token of a Bearer header', () => {
    expect(bearerToken('Bearer eyJhbGciOi.eyJzdWIi.c2ln')).toBe('eyJhbGciOi.eyJzdWIi.c2ln');
    expect(bearerToken('bearer abc==')).toBe('abc==');
  });

  it('refuses anything else', () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwdw==', 'Bearer a b', 'Bearer <script>']) {
      expect(bearerToken(header), String(header)).toBeUndefined();
    }
  });

  it('compares secrets', () => {
    expect(sameSecret('a-long-metrics-token', 'a-long-metrics-token')).toBe(true);
    expect(sameSecret('a-long-metrics-token', 'a-long-metrics-tokem')).toBe(false);
    expect(sameSecret('short', 'a-long-metrics-token')).toBe(false);
  });
});
