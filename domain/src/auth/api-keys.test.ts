import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '@dataspoke/platform/store/db';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { ApiKeyService } from './api-keys.js';

describe.each(storeKinds())('API keys on $name', (kind) => {
  let testStore: TestStore;
  beforeAll(async () => {
    testStore = await kind.open();
  });
  afterAll(() => testStore?.dispose());

  it('verifies a key from memory after its first use, but not once revoked by another service', async () => {
    const server = new ApiKeyService(testStore.store);
    const created = await server.create('alice', ['da']);
    expect(await server.verify(created.key)).toMatchObject({ groups: ['da'], via: 'api_key' });
    expect(await server.verify(`${created.key.slice(0, -1)}x`)).toBeNull();

    // A change behind every service is not seen: the key is verified from memory.
    await testStore.store.query(sql`update spoke.api_key set groups = array['dg'] where id = ${created.id}`);
    expect(await server.verify(created.key)).toMatchObject({ groups: ['da'] });

    // The CLI revokes from another process on PostgreSQL (its own connections), in this one on PGlite.
    const cliStore: Store =
      kind.name === 'postgres'
        ? await openStore({ dataDir: '', databaseUrl: testStore.databaseUrl!, poolSize: 1 })
        : testStore.store;
    try {
      expect(await new ApiKeyService(cliStore).revoke(created.id)).toBe(true);
      if (kind.name === 'pglite') expect(await server.verify(created.key)).toBeNull();
      // Across processes the revocation arrives as a PostgreSQL notification, milliseconds later.
      else
        await vi.waitFor(async () => expect(await server.verify(created.key)).toBeNull(), { timeout: 5000 });
    } finally {
      if (cliStore !== testStore.store) await cliStore.close();
    }
  });
});
