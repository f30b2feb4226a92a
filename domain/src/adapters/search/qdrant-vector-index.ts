import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { VectorIndexError, type VectorHit, type VectorIndex } from '../../ports/vector-index.js';

/**
 * Qdrant, for catalogs too large for the operational database: one point per dataset in a cosine collection.
 * Qdrant ids are unsigned integers or UUIDs, so a dataset urn becomes a name-based UUID (SHA-1, RFC 4122
 * version 5 layout) and the urn itself travels in the payload.
 */
export interface QdrantOptions {
  url: string;
  apiKey?: string;
  collection: string;
  dimensions: number;
  /** For tests only. */
  client?: QdrantClient;
}

export function pointId(urn: string): string {
  const h = createHash('sha1').update(`dataspoke:${urn}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export class QdrantVectorIndex implements VectorIndex {
  readonly kind = 'qdrant';
  readonly dimensions: number;
  private readonly client: QdrantClient;
  private ready: Promise<void> | null = null;

  constructor(private readonly options: QdrantOptions) {
    this.dimensions = options.dimensions;
    this.client =
      options.client ??
      new QdrantClient({
        url: options.url,
        ...(options.apiKey && { apiKey: options.apiKey }),
        checkCompatibility: false,
      });
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new VectorIndexError(
        `Qdrant ${what} failed at ${this.options.url}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  ensure(): Promise<void> {
    this.ready ??= this.call('collection setup', async () => {
      const { exists } = await this.client.collectionExists(this.options.collection);
      if (!exists)
        await this.client.createCollection(this.options.collection, {
          vectors: { size: this.dimensions, distance: 'Cosine' },
        });
    }).catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  async upsert(items: readonly { id: string; vector: Float32Array }[]): Promise<void> {
    await this.ensure();
    for (const item of items)
      if (item.vector.length !== this.dimensions)
        throw new VectorIndexError(
          `vector has ${item.vector.length} dimensions, the index ${this.dimensions}`,
        );
    for (let i = 0; i < items.length; i += 256) {
      const chunk = items.slice(i, i + 256);
      await this.call('upsert', () =>
        this.client.upsert(this.options.collection, {
          wait: true,
          points: chunk.map((c) => ({ id: pointId(c.id), vector: [...c.vector], payload: { urn: c.id } })),
        }),
      );
    }
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensure();
    await this.call('delete', () =>
      this.client.delete(this.options.collection, { wait: true, points: ids.map(pointId) }),
    );
  }

  async search(vector: Float32Array, k: number, within?: readonly string[]): Promise<VectorHit[]> {
    if (vector.length !== this.dimensions)
      throw new VectorIndexError(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    if (k <= 0 || (within && within.length === 0)) return [];
    await this.ensure();
    const hits = await this.call('search', () =>
      this.client.search(this.options.collection, {
        vector: [...vector],
        limit: k,
        with_payload: true,
        ...(within && { filter: { must: [{ has_id: within.map(pointId) }] } }),
      }),
    );
    return hits
      .map((h) => {
        const urn = (h.payload as { urn?: unknown } | null)?.urn;
        return { id: typeof urn === 'string' ? urn : '', score: h.score };
      })
      .filter((h) => h.id !== '');
  }

  async count(): Promise<number> {
    await this.ensure();
    const r = await this.call('count', () => this.client.count(this.options.collection, { exact: true }));
    return r.count;
  }

  async clear(): Promise<void> {
    await this.ensure();
    await this.call('clear', () =>
      this.client.delete(this.options.collection, { wait: true, filter: { must: [] } }),
    );
  }
}
