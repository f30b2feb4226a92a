import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { StoreConfig } from '../config/config.js';
import * as schema from './schema.js';
import { InsufficientStorageError, isDiskFullError, StoreSpace } from './store-space.js';

export type Schema = typeof schema;
/** The drizzle database both drivers give: code above this line does not know which one it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a raw statement and returns its rows, the same shape on both drivers. */
  query<T extends Record<string, unknown>>(statement: ReturnType<typeof sql>): Promise<T[]>;
  /**
   * Listens on a notification channel (LISTEN; NOTIFY reaches every listener of the store, in this process
   * and others). `onListening` runs each time listening is (re)established, when notifications sent meanwhile
   * may have been missed. Returns the stop function.
   */
  listen(
    channel: string,
    onNotification: (payload: string) => void,
    onListening: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Rows of a raw `execute` result: postgres.js gives an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Opens the operational store the configuration names and applies pending migrations. */
export async function openStore(
  config: Pick<StoreConfig, 'dataDir' | 'databaseUrl' | 'poolSize'> &
    Partial<Pick<StoreConfig, 'minFreeBytes'>>,
): Promise<Store> {
  if (!config.databaseUrl) refuseFullDisk(config.dataDir, config.minFreeBytes ?? 0);
  const store = config.databaseUrl
    ? openPostgres(config.databaseUrl, config.poolSize)
    : await openPglite(path.join(config.dataDir, 'pgdata'));
  try {
    await migrateStore(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * PGlite started on a full disk never finishes initialising (and keeps the process alive): refuse to start
 * with the reason instead.
 */
function refuseFullDisk(dataDir: string, minFreeBytes: number): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    if (isDiskFullError(error))
      throw new InsufficientStorageError(
        `cannot create the data directory ${dataDir}: no space left on its volume`,
      );
    throw error;
  }
  const state = new StoreSpace(dataDir, minFreeBytes).state();
  if (!state.writable)
    throw new InsufficientStorageError(
      `not starting: ${state.reason?.replace(/: writes are refused.*$/, '') ?? 'the store is full'}; free space (or lower the reserve) and start again`,
    );
}

/** In-memory PGlite (tests, benchmarks): same schema and migrations, nothing on disk. */
export async function openMemoryStore(): Promise<Store> {
  const store = await openPglite(undefined);
  await migrateStore(store);
  return store;
}

/** A file-backed PGlite database is open in another live process; PGlite serves one process at a time. */
export class StoreInUseError extends Error {
  readonly code = 'STORE_IN_USE';
  constructor(dataDir: string, pid: number) {
    super(
      `the data directory ${dataDir} is in use by process ${pid} (a running \`dataspoke start\`?). ` +
        'PGlite serves one process at a time: stop that process first, or use PostgreSQL (DATABASE_URL) to share the store.',
    );
    this.name = 'StoreInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process: a lock file beside it names the owner's pid. A lock left by a
 * process that has died is taken over. Returns the release function.
 */
function lockDataDir(dataDir: string): () => void {
  const lock = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreInUseError(dataDir, pid);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir ? { dataDir, extensions: { vector } } : { extensions: { vector } });
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    query: async <T>(statement: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(statement)),
    listen: async (channel, onNotification, onListening) => {
      const stop = await client.listen(channel, onNotification);
      onListening();
      return () => stop();
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

function openPostgres(url: string, poolSize: number): Store {
  const client = postgres(url, { max: poolSize, onnotice: () => undefined });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    query: async <T>(statement: ReturnType<typeof sql>) => [...rowsOf<T>(await db.execute(statement))],
    listen: async (channel, onNotification, onListening) => {
      const listening = await client.listen(channel, onNotification, onListening);
      return () => listening.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function migrateStore(store: Store): Promise<void> {
  if (store.kind === 'pglite') {
    await migratePglite(store.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePostgres(store.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

export interface VectorSupport {
  available: boolean;
  /** Why not, in words an operator can act on. */
  reason?: string;
}

/**
 * Whether pgvector can be used. PGlite always ships it; a server PostgreSQL needs the extension installed
 * (Debian bookworm packages none for PostgreSQL 15), so callers must check before creating vector columns.
 */
export async function vectorSupport(store: Store): Promise<VectorSupport> {
  const installed = await store.query<{ name: string }>(
    sql`select name from pg_available_extensions where name = 'vector'`,
  );
  if (installed.length === 0) {
    return {
      available: false,
      reason:
        'The PostgreSQL server has no pgvector extension (pg_available_extensions has no "vector"). Install pgvector for this server, or use Qdrant as the vector index.',
    };
  }
  try {
    await store.query(sql`create extension if not exists vector`);
    return { available: true };
  } catch (error) {
    return {
      available: false,
      reason: `pgvector is installed but could not be enabled: ${(error as Error).message}`,
    };
  }
}
