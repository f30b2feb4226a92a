import { LRUCache } from 'lru-cache';

/**
 * The one cache abstraction of the product code: a map with a bound, least recently used entries dropped
 * first. Owners take a `CacheFactory` in their dependencies (the composition root passes `lruCaches`), so a
 * test or another process shape can count, share or turn off what is kept without touching the owner.
 *
 * Values are kept as given: an owner that hands a kept value to several callers freezes it or documents that
 * it must not be changed.
 */
export interface BoundedCache<K, V> {
  /** The value kept under `key`, marked most recently used. */
  get(key: K): V | undefined;
  /** Whether `key` is kept, without marking it used. */
  has(key: K): boolean;
  /** Keeps `value`; beyond the bound the least recently used entry is dropped. */
  set(key: K, value: V): void;
  delete(key: K): boolean;
  clear(): void;
  /** Kept keys, most recently used first. */
  keys(): IterableIterator<K>;
  readonly size: number;
  readonly max: number;
}

export interface BoundedCacheOptions {
  /** Entries kept. 0 keeps nothing. */
  max: number;
}

/** Makes a cache for one owner; `name` says whose it is (docs/caching.md lists them). */
export type CacheFactory = <K extends NonNullable<unknown>, V extends NonNullable<unknown>>(
  name: string,
  options: BoundedCacheOptions,
) => BoundedCache<K, V>;

class NoCache<K, V> implements BoundedCache<K, V> {
  readonly size = 0;
  readonly max = 0;
  get(): V | undefined {
    return undefined;
  }
  has(): boolean {
    return false;
  }
  set(): void {}
  delete(): boolean {
    return false;
  }
  clear(): void {}
  *keys(): IterableIterator<K> {}
}

class LruBoundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> implements BoundedCache<
  K,
  V
> {
  private readonly lru: LRUCache<K, V>;

  constructor(readonly max: number) {
    this.lru = new LRUCache<K, V>({ max });
  }
  get(key: K): V | undefined {
    return this.lru.get(key);
  }
  has(key: K): boolean {
    return this.lru.has(key);
  }
  set(key: K, value: V): void {
    this.lru.set(key, value);
  }
  delete(key: K): boolean {
    return this.lru.delete(key);
  }
  clear(): void {
    this.lru.clear();
  }
  keys(): IterableIterator<K> {
    return this.lru.keys();
  }
  get size(): number {
    return this.lru.size;
  }
}

/** The product's cache factory: `lru-cache` behind BoundedCache. */
export const lruCaches: CacheFactory = <K extends NonNullable<unknown>, V extends NonNullable<unknown>>(
  _name: string,
  options: BoundedCacheOptions,
): BoundedCache<K, V> => {
  if (!Number.isInteger(options.max) || options.max < 0)
    throw new RangeError(`a cache bound must be a non-negative integer, got ${options.max}`);
  return options.max === 0 ? new NoCache<K, V>() : new LruBoundedCache<K, V>(options.max);
};
