import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openMemoryStore, openStore, type Store } from '../store/db.js';

/**
 * The two store kinds every store-touching test runs on: in-memory PGlite (the embedded default's engine)
 * and the real PostgreSQL that dev_env/test.sh starts. Each test file gets a fresh database.
 */
export const TEST_DATABASE_URL = process.env.DATASPOKE_TEST_DATABASE_URL;

export const POSTGRES_SKIP_REASON =
  'DATASPOKE_TEST_DATABASE_URL is not set: the PostgreSQL variant of this test needs the server that dev_env/test.sh starts';

export interface StoreKind {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated, empty store; dispose() drops it. */
  open(): Promise<TestStore>;
}

export interface TestStore {
  store: Store;
  /** Connection URL of the per-test database (PostgreSQL only). */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

const pgliteKind: StoreKind = {
  name: 'pglite',
  async open() {
    const store = await openMemoryStore();
    return { store, dispose: () => store.close() };
  },
};

const postgresKind: StoreKind = {
  name: 'postgres',
  async open() {
    if (!TEST_DATABASE_URL) throw new Error(POSTGRES_SKIP_REASON);
    const dbName = `dataspoke_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${dbName}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${dbName}`;
    const store = await openStore({ dataDir: '', databaseUrl: url.toString(), poolSize: 4 });
    return {
      store,
      databaseUrl: url.toString(),
      async dispose() {
        await store.close();
        await admin.unsafe(`drop database if exists ${dbName} with (force)`);
        await admin.end({ timeout: 5 });
      },
    };
  },
};

/**
 * Store kinds to run on. PostgreSQL is left out, with the reason printed, only when no test server is
 * configured; dev_env/test.sh (and so CI) always configures one.
 */
export function storeKinds(): StoreKind[] {
  if (TEST_DATABASE_URL) return [pgliteKind, postgresKind];
  console.warn(`[skip] postgres store variant: ${POSTGRES_SKIP_REASON}`);
  return [pgliteKind];
}
