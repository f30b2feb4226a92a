import { describe, expect, it } from 'vitest';
import { lruCaches } from './bounded-cache.js';

describe('lruCaches', () => {
  it('drops the least recently used entry beyond its bound', () => {
    const cache = lruCaches<string, number>('test', { max: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3);
    expect([...cache.keys()].sort()).toEqual(['a', 'c']);
    expect(cache.size).toBe(2);
  });

  it('has() does not refresh an entry', () => {
    const cache = lruCaches<string, number>('test', { max: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.has('a')).toBe(true);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
  });

  it('keeps nothing with a bound of 0 and refuses a bound that is not a count', () => {
    const none = lruCaches<string, number>('test', { max: 0 });
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
    expect(none.size).toBe(0);
    expect(() => lruCaches('test', { max: -1 })).toThrow(/non-negative integer/);
    expect(() => lruCaches('test', { max: 1.5 })).toThrow(/non-negative integer/);
  });
});
