/**
 * What a process has already read from the store, by subject (an entity urn, an API key id), so that what is
 * read over and over costs map lookups instead of SQL. Whoever writes a subject invalidates it; writes by
 * other processes (or other services on the same store) arrive as store notifications (Store.listen), and a
 * cache is only switched on while its owner follows them.
 *
 * A read in flight while a subject changed must not store what it read, since it may be the state from
 * before the change: each read takes a ticket (the change epoch) before it queries, and `put` ignores
 * results whose ticket is older than the last invalidation.
 */
import { lruCaches, type BoundedCache, type CacheFactory } from '../cache/bounded-cache.js';

export interface ReadCacheOptions {
  /** Subjects kept; the least recently used is dropped beyond it. 0 turns the cache off. */
  maxSubjects: number;
}

export type ReadTicket = number & { readonly __ticket: unique symbol };

export class ReadCache {
  private readonly entries: BoundedCache<string, Map<string, unknown>>;
  private epoch = 0;
  private on = false;

  constructor(
    private readonly options: ReadCacheOptions,
    caches: CacheFactory = lruCaches,
    name = 'read-cache',
  ) {
    this.entries = caches(name, { max: options.maxSubjects });
  }

  /** Taken before a read: results of reads that overlapped an invalidation are not kept. */
  ticket(): ReadTicket {
    return this.epoch as ReadTicket;
  }

  get<V>(subject: string, key: string): V | undefined {
    if (!this.on) return undefined;
    return this.entries.get(subject)?.get(key) as V | undefined;
  }

  put(ticket: ReadTicket, subject: string, key: string, value: unknown): void {
    if (!this.on || ticket !== this.epoch) return;
    let entry = this.entries.get(subject);
    if (!entry) this.entries.set(subject, (entry = new Map<string, unknown>()));
    entry.set(key, value);
  }

  /** Drops what is known of these subjects (of all with 'all'), and voids the reads in flight. */
  invalidate(subjects: Iterable<string> | 'all'): void {
    this.epoch++;
    if (subjects === 'all') this.entries.clear();
    else for (const subject of subjects) this.entries.delete(subject);
  }

  /** Switches caching on (empty) or off; on only while changes by others can be followed. */
  enable(on: boolean): void {
    this.on = on && this.options.maxSubjects > 0;
    this.invalidate('all');
  }

  get enabled(): boolean {
    return this.on;
  }

  get size(): number {
    return this.entries.size;
  }
}
