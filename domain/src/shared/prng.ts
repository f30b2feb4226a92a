/**
 * Small deterministic randomness for the demo catalog: mulberry32 streams seeded from string keys,
 * plus hash-based random access (the value for day 37 of a series does not depend on days 0..36).
 */

/** FNV-1a over the UTF-16 code units of a string, mixed with a 32-bit seed. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby keys give unrelated seeds.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a tiny, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  static of(seed: number, key: string): Rng {
    return new Rng(hash32(key, seed));
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Approximately standard normal, bounded to ±3.46 (sum of four uniforms), so noise never explodes. */
  bnorm(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * Math.sqrt(3);
  }
}

/** Random access bounded normal noise for (key, index): the same inputs always give the same value. */
export function noiseAt(seed: number, key: string, index: number): number {
  return noiseAtHash(hash32(key, seed), index);
}

/** `noiseAt` with the key already hashed (`hash32(key, seed)`), for hot loops. */
export function noiseAtHash(keyHash: number, index: number): number {
  const r = mulberry32(keyHash ^ Math.imul(index + 1, 0x9e3779b1));
  return (r() + r() + r() + r() - 2) * Math.sqrt(3);
}

/** Random access uniform [0, 1) for (key, index). */
export function uniformAt(seed: number, key: string, index: number): number {
  return uniformAtHash(hash32(key, seed), index);
}

/** `uniformAt` with the key already hashed. */
export function uniformAtHash(keyHash: number, index: number): number {
  return mulberry32(keyHash ^ Math.imul(index + 1, 0x85ebca77))();
}
