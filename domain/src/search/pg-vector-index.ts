import { sql } from 'drizzle-orm';
import type { Store } from '../store/db.js';
import { pgTextArray } from '../hub/search-indexer.js';
import { VectorIndexError, type VectorHit, type VectorIndex } from './vector-index.js';

/**
 * pgvector: vectors in a `vector(n)` column with an HNSW index (cosine), inside the operational database
 * (PGlite ships the extension; a server PostgreSQL needs it installed). The table is created here, not by a
 * migration, because migrations must run on PostgreSQL servers without the extension; it is named after the
 * dimensions so a model of another size gets its own table.
 */
export class PgVectorIndex implements VectorIndex {
  readonly kind = 'pgvector';
  private ready: Promise<void> | null = null;
  private readonly table: string;

  constructor(
    private readonly store: Store,
    readonly dimensions: number,
  ) {
    this.table = `spoke_da.dataset_embedding_${dimensions}`;
  }

  ensure(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.store.query(sql`create extension if not exists vector`);
        await this.store.query(sql.raw(`create schema if not exists spoke_da`));
        await this.store.query(
          sql.raw(
            `create table if not exists ${this.table} (urn text primary key, embedding vector(${this.dimensions}) not null)`,
          ),
        );
        await this.store.query(
          sql.raw(
            `create index if not exists dataset_embedding_${this.dimensions}_hnsw on ${this.table} using hnsw (embedding vector_cosine_ops)`,
          ),
        );
      } catch (error) {
        this.ready = null;
        throw new VectorIndexError(`pgvector is not usable: ${(error as Error).message}`, { cause: error });
      }
    })();
    return this.ready;
  }

  private async exec<T extends Record<string, unknown>>(statement: ReturnType<typeof sql>): Promise<T[]> {
    await this.ensure();
    try {
      return await this.store.query<T>(statement);
    } catch (error) {
      throw new VectorIndexError(`pgvector query failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async upsert(items: readonly { id: string; vector: Float32Array }[]): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      for (const item of chunk) this.check(item.vector);
      await this.exec(sql`
        insert into ${sql.raw(this.table)} (urn, embedding)
        select id, v::vector from unnest(${pgTextArray(chunk.map((c) => c.id))}::text[],
          ${pgTextArray(chunk.map((c) => `[${c.vector.join(',')}]`))}::text[]) as t(id, v)
        on conflict (urn) do update set embedding = excluded.embedding`);
    }
  }

  private check(vector: Float32Array): void {
    if (vector.length !== this.dimensions)
      throw new VectorIndexError(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.exec(sql`delete from ${sql.raw(this.table)} where urn = any(${pgTextArray(ids)}::text[])`);
  }

  async search(vector: Float32Array, k: number, within?: readonly string[]): Promise<VectorHit[]> {
    this.check(vector);
    if (k <= 0 || (within && within.length === 0)) return [];
    const q = `[${vector.join(',')}]`;
    // A restricted search scores its candidates exactly (the HNSW graph could return fewer than k of them).
    const rows = within
      ? await this.exec<{ urn: string; distance: number }>(sql`
          select urn, embedding <=> ${q}::vector as distance from ${sql.raw(this.table)}
          where urn = any(${pgTextArray(within)}::text[]) order by 2 limit ${k}`)
      : await this.exec<{ urn: string; distance: number }>(sql`
          select urn, embedding <=> ${q}::vector as distance from ${sql.raw(this.table)}
          order by embedding <=> ${q}::vector limit ${k}`);
    return rows.map((r) => ({ id: r.urn, score: 1 - Number(r.distance) }));
  }

  async count(): Promise<number> {
    const [row] = await this.exec<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(this.table)}`);
    return Number(row?.n ?? 0);
  }

  async maintain(): Promise<void> {
    await this.exec(sql.raw(`vacuum (analyze) ${this.table}`));
  }

  async clear(): Promise<void> {
    await this.exec(sql`delete from ${sql.raw(this.table)}`);
  }
}
