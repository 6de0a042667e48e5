import { describe, expect, it } from 'vitest';
import { layerForWidth } from './videoLayers.ts';

describe('the simulcast layer for a tile', () => {
  it('a thumbnail or a phone-width tile takes the smallest, a half-screen tile the middle, a big one the full', () => {
    expect(layerForWidth(224)).toBe(0);
    expect(layerForWidth(360)).toBe(0);
    expect(layerForWidth(640)).toBe(1);
    expect(layerForWidth(1200)).toBe(2);
  });
});
