import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { lruCaches, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import { vectorSupport, type Store } from '@dataspoke/platform/store/db';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { ArrayVectorIndex } from './array-vector-index.js';
import { PgVectorIndex } from './pg-vector-index.js';
import { QdrantVectorIndex } from './qdrant-vector-index.js';
import { vectorIndexContract } from './vector-index.contract.js';

const DIMS = 8;

for (const kind of storeKinds()) {
  vectorIndexContract(`real[] scored in process on ${kind.name}`, async () => {
    const test = await kind.open();
    return { index: new ArrayVectorIndex(test.store, DIMS, 'contract-model'), dispose: () => test.dispose() };
  });
}

// pgvector: PGlite always has it; a PostgreSQL server only if the extension is installed.
for (const kind of storeKinds()) {
  let skip: string | undefined;
  if (kind.name === 'postgres') {
    const probe = await kind.open();
    const support = await vectorSupport(probe.store);
    await probe.dispose();
    if (!support.available) skip = `pgvector on postgres: ${support.reason}`;
  }
  vectorIndexContract(
    `pgvector on ${kind.name}`,
    async () => {
      const test = await kind.open();
      await test.store.query(sql`select 1`);
      return { index: new PgVectorIndex(test.store, DIMS), dispose: () => test.dispose() };
    },
    skip ? { skip } : {},
  );
}

/** Runs `body` on a fresh PGlite store (which always has pgvector) and disposes of it. */
async function onPglite(body: (store: Store) => Promise<void>): Promise<void> {
  const test = await storeKinds()
    .find((k) => k.name === 'pglite')!
    .open();
  try {
    await body(test.store);
  } finally {
    await test.dispose();
  }
}

describe('pgvector on pglite', () => {
  const unit = (...xs: number[]) => Float32Array.from({ length: DIMS }, (_, i) => xs[i] ?? 0);

  // pgvector keeps the vectors a restricted search read; another writer's changes must reach what is kept.
  it('follows this and another adapter’s upserts and removals in the vectors it keeps', () =>
    onPglite(async (store) => {
      const reader = new PgVectorIndex(store, DIMS);
      const writer = new PgVectorIndex(store, DIMS);
      await writer.upsert([
        { id: 'urn:a', vector: unit(1, 0) },
        { id: 'urn:b', vector: unit(0, 1) },
      ]);
      const within = ['urn:a', 'urn:b', 'urn:c'];
      const ids = async () => (await reader.search(unit(1, 0), 3, within)).map((h) => h.id);
      expect(await ids()).toEqual(['urn:a', 'urn:b']);
      // urn:c had no vector when first read; urn:b moves next to the question; urn:a goes.
      await writer.upsert([
        { id: 'urn:c', vector: unit(0.5, 0.5) },
        { id: 'urn:b', vector: unit(1, 0.01) },
      ]);
      await writer.remove(['urn:a']);
      await expect.poll(ids, { timeout: 2000 }).toEqual(['urn:b', 'urn:c']);
      // The reader's own writes count at once.
      await reader.upsert([{ id: 'urn:c', vector: unit(-1, 0) }]);
      expect(await ids()).toEqual(['urn:b', 'urn:c']);
      expect((await reader.search(unit(-1, 0), 1, within)).map((h) => h.id)).toEqual(['urn:c']);
      await writer.clear();
      await expect.poll(ids, { timeout: 2000 }).toEqual([]);
    }));

  it('scores every id of a short restriction when keeping what it read drops what was kept', () =>
    onPglite(async (store) => {
      const names: string[] = [];
      const keepOne: CacheFactory = (name) => {
        names.push(name);
        return lruCaches(name, { max: 1 });
      };
      const index = new PgVectorIndex(store, DIMS, keepOne);
      expect(names).toEqual(['pgvector: kept vectors']);
      await index.upsert([
        { id: 'urn:a', vector: unit(1, 0) },
        { id: 'urn:b', vector: unit(0.9, 0.1) },
        { id: 'urn:c', vector: unit(0, 1) },
      ]);
      const within = ['urn:a', 'urn:b', 'urn:c'];
      const ids = async () => (await index.search(unit(1, 0), 3, within)).map((h) => h.id);
      // The second search finds urn:c kept, then reads urn:a and urn:b, whose keeping drops urn:c.
      expect(await ids()).toEqual(['urn:a', 'urn:b', 'urn:c']);
      expect(await ids()).toEqual(['urn:a', 'urn:b', 'urn:c']);
    }));

  it('answers k neighbours when the server is set to search narrower than pgvector’s default', () =>
    onPglite(async (store) => {
      const index = new PgVectorIndex(store, DIMS);
      let seed = 11;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
      await index.upsert(
        Array.from({ length: 300 }, (_, i) => ({
          id: `urn:n${i}`,
          vector: Float32Array.from({ length: DIMS }, random),
        })),
      );
      // PGlite has one connection: a session setting holds for every statement after it.
      await store.query(sql`set hnsw.ef_search = 10`);
      const hits = await index.search(Float32Array.from({ length: DIMS }, random), 30);
      expect(hits).toHaveLength(30);
      expect(new Set(hits.map((h) => h.id)).size).toBe(30);
    }));
});

const QDRANT_URL = process.env.QDRANT_URL;
vectorIndexContract(
  'Qdrant (REST API)',
  () => {
    const collection = `dataspoke_contract_${Date.now()}`;
    return Promise.resolve({
      index: new QdrantVectorIndex({ url: QDRANT_URL!, collection, dimensions: DIMS }),
      dispose: () => Promise.resolve(),
    });
  },
  QDRANT_URL
    ? {}
    : { skip: 'QDRANT_URL is not set: the Qdrant adapter needs a Qdrant server, none runs on this machine' },
);
