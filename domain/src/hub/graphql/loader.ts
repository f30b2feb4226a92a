/**
 * A minimal per-request batching loader: every `load` made while graphql-js resolves one level of a
 * response is collected and answered by one call of the batch function on the next turn of the event loop.
 */
export class BatchLoader<V> {
  private readonly cache = new Map<string, Promise<V>>();
  private queue: { key: string; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly batch: (keys: string[]) => Promise<Map<string, V>>,
    private readonly missing: () => V,
  ) {}

  load(key: string): Promise<V> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
    });
    this.cache.set(key, promise);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return promise;
  }

  loadMany(keys: readonly string[]): Promise<V[]> {
    return Promise.all(keys.map((k) => this.load(k)));
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    const keys = [...new Set(queue.map((q) => q.key))];
    try {
      const values = await this.batch(keys);
      for (const q of queue) q.resolve(values.get(q.key) ?? this.missing());
    } catch (error) {
      for (const q of queue) {
        this.cache.delete(q.key);
        q.reject(error);
      }
    }
  }
}
