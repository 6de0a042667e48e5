import { describe, expect, it } from 'vitest';
import { forgetJoin, rejoinOf, rememberJoin, rememberOn } from './tabRejoin.ts';

class MemoryStorage {
  readonly #items = new Map<string, string>();
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
}

const TOKEN = 'eyJhbGciOi.payload.signature';

describe('going back into a session after a reload', () => {
  it('keeps how this tab joined, and which sources were on, for its own link only', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    expect(rejoinOf(TOKEN, storage)).toBeUndefined();
    rememberJoin({ token: TOKEN, devices: 'camera', on: { microphone: true, camera: true } }, storage);
    rememberOn(TOKEN, 'microphone', false, storage);
    expect(rejoinOf(TOKEN, storage)).toEqual({ token: TOKEN, devices: 'camera', on: { microphone: false, camera: true } });
    expect(rejoinOf('another.link.token', storage)).toBeUndefined();
    forgetJoin(storage);
    expect(rejoinOf(TOKEN, storage)).toBeUndefined();
  });

  it('ignores what it cannot read', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    storage.setItem('multaqa:rejoin', '{"token":"eyJhbGciOi.payload.signature","devices":"hologram","on":{}}');
    expect(rejoinOf(TOKEN, storage)).toBeUndefined();
    storage.setItem('multaqa:rejoin', 'not json');
    expect(rejoinOf(TOKEN, storage)).toBeUndefined();
  });
});
