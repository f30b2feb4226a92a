import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { storeKinds } from '../testing/stores.js';
import { openStore, vectorSupport } from './db.js';
import { setting } from './schema.js';

describe('operational store on file-backed PGlite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies migrations on open and keeps data across reopen', async () => {
    const first = await openStore({ dataDir: dir, poolSize: 1 });
    await first.db.insert(setting).values({ key: 'probe', value: { n: 1 }, updatedAt: new Date() });
    await first.close();

    const second = await openStore({ dataDir: dir, poolSize: 1 });
    const rows = await second.db.select().from(setting);
    expect(rows.map((r) => r.key)).toEqual(['probe']);
    const tables = await second.query<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'hub' order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'metadata_aspect_v2',
      'relationship',
      'search_document',
      'timeseries_aspect',
    ]);
    expect(await vectorSupport(second)).toEqual({ available: true });
    await second.close();
  });
});

describe.each(storeKinds())('vector support on $name', (kind) => {
  it('says whether pgvector can be used, and why not', async () => {
    const testStore = await kind.open();
    const { store } = testStore;
    try {
      const available = await store.query<{ n: number }>(
        sql`select count(*)::int as n from pg_available_extensions where name = 'vector'`,
      );
      const support = await vectorSupport(store);
      expect(support.available).toBe(available[0]!.n > 0);
      if (!support.available) expect(support.reason).toMatch(/pgvector/);
    } finally {
      await testStore.dispose();
    }
  });
});
