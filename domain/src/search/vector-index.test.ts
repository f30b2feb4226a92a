import { sql } from 'drizzle-orm';
import { vectorSupport } from '../store/db.js';
import { storeKinds } from '../testing/stores.js';
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
