/** Deterministic generator of malformed and hostile Socket.IO payloads (seeded, so failures replay). */
export class HostilePayloads {
  #state: number;

  constructor(readonly seed: number) {
    this.#state = seed >>> 0;
  }

  /** mulberry32 */
  random(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Any JSON-ish value, sometimes deep, huge or binary. */
  value(depth = 0): unknown {
    const kinds = depth > 6 ? 8 : 12;
    switch (this.int(kinds)) {
      case 0: return null;
      case 1: return this.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), Number.MAX_VALUE, 1e-300]);
      case 2: return this.pick([true, false]);
      case 3: return this.string();
      case 4: return '';
      case 5: return this.pick(['__proto__', 'constructor', 'toString', '../../etc/passwd', '<script>alert(1)</script>', '\u0000', '😀'.repeat(50)]);
      case 6: return Buffer.from(Array.from({ length: this.int(64) }, () => this.int(256)));
      case 7: return this.pick(['0f8fad5b-d9cb-469f-a165-70867728950e', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'recv', 'send', 'audio', 'video']);
      case 8: return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
      case 9: return this.object(depth + 1);
      case 10: return this.nested(this.int(200));
      default: return this.object(depth + 1);
    }
  }

  string(): string {
    const length = this.pick([1, 5, 36, 300, 5000, 100_000]);
    return 'x'.repeat(length);
  }

  object(depth: number): Record<string, unknown> {
    const keys = ['token', 'protocolVersion', 'direction', 'transportId', 'producerId', 'consumerId', 'kind', 'source',
      'rtpParameters', 'rtpCapabilities', 'dtlsParameters', 'codecs', 'fingerprints', 'paused', '__proto__', 'constructor'];
    const result: Record<string, unknown> = {};
    for (let i = this.int(6); i > 0; i--) {
      Object.defineProperty(result, this.pick(keys), { value: this.value(depth), enumerable: true, writable: true, configurable: true });
    }
    return result;
  }

  nested(levels: number): unknown {
    let value: unknown = { codecs: [] };
    for (let i = 0; i < levels; i++) value = this.random() < 0.5 ? [value] : { rtpParameters: value };
    return value;
  }

  /** A valid payload with one field broken: removed, retyped, or swapped for something hostile. */
  mutate(valid: Record<string, unknown>): unknown {
    const copy: Record<string, unknown> = structuredClone(valid);
    const keys = Object.keys(copy);
    if (keys.length === 0) return { [this.pick(['x', '__proto__', 'token'])]: this.value() };
    const key = this.pick(keys);
    switch (this.int(3)) {
      case 0: delete copy[key]; break;
      case 1: copy[key] = this.value(); break;
      default: copy[key] = this.mutateDeep(copy[key]);
    }
    return copy;
  }

  mutateDeep(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.length === 0 ? [this.value()] : value.map((item) => (this.random() < 0.5 ? this.mutateDeep(item) : item));
    }
    if (value && typeof value === 'object') return this.mutate(value as Record<string, unknown>);
    return this.value();
  }
}
