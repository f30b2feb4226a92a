import { sql } from 'drizzle-orm';
import { rowsOf, type Store } from '../store/db.js';
import { pgTextArray } from '../hub/search-indexer.js';
import { VectorIndexError, type VectorHit, type VectorIndex } from './vector-index.js';

/** A restriction to more ids than this may be searched through the graph and filtered in process. */
const LIST_MAX = 2000;
/** The widest graph search (pgvector's largest hnsw.ef_search). */
const GRAPH_MAX = 1000;

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
  private counted: Promise<number> | null = null;

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
    this.counted = null;
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
    this.counted = null;
    await this.exec(sql`delete from ${sql.raw(this.table)} where urn = any(${pgTextArray(ids)}::text[])`);
  }

  async search(vector: Float32Array, k: number, within?: readonly string[]): Promise<VectorHit[]> {
    this.check(vector);
    if (k <= 0 || (within && within.length === 0)) return [];
    const q = `[${vector.join(',')}]`;
    if (!within) return this.nearest(q, k);
    // A restriction to a large share of the index ("in snowflake" at 100k datasets is some 45k ids) is walked
    // through the graph and filtered here: sending and matching the whole list took 100-250 ms on PGlite.
    if (within.length > LIST_MAX) {
      const share = within.length / Math.max(await this.size(), within.length);
      const wanted = Math.ceil((2 * k) / share);
      if (wanted <= GRAPH_MAX) {
        const allowed = new Set(within);
        const hits = (await this.nearest(q, wanted)).filter((h) => allowed.has(h.id));
        if (hits.length >= k) return hits.slice(0, k);
      }
    }
    // Otherwise its candidates are scored exactly (the graph could return fewer than k of them).
    const rows = await this.exec<{ urn: string; distance: number }>(sql`
      select urn, embedding <=> ${q}::vector as distance from ${sql.raw(this.table)}
      where urn = any(${pgTextArray(within)}::text[]) order by 2 limit ${k}`);
    return rows.map((r) => ({ id: r.urn, score: 1 - Number(r.distance) }));
  }

  /** The k nearest by the HNSW graph, which is searched wide enough to return k (up to GRAPH_MAX). */
  private async nearest(q: string, k: number): Promise<VectorHit[]> {
    await this.ensure();
    try {
      const rows = await this.store.db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('hnsw.ef_search', ${String(Math.min(GRAPH_MAX, Math.max(40, k)))}, true)`,
        );
        return rowsOf<{ urn: string; distance: number }>(
          await tx.execute(sql`
            select urn, embedding <=> ${q}::vector as distance from ${sql.raw(this.table)}
            order by embedding <=> ${q}::vector limit ${k}`),
        );
      });
      return rows.map((r) => ({ id: r.urn, score: 1 - Number(r.distance) }));
    } catch (error) {
      throw new VectorIndexError(`pgvector query failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Vectors in the index, counted once and again after this index changes them (an estimate is enough). */
  private async size(): Promise<number> {
    this.counted ??= this.count();
    return this.counted;
  }

  async count(): Promise<number> {
    const [row] = await this.exec<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(this.table)}`);
    return Number(row?.n ?? 0);
  }

  async maintain(): Promise<void> {
    await this.exec(sql.raw(`vacuum (analyze) ${this.table}`));
  }

  async clear(): Promise<void> {
    this.counted = null;
    await this.exec(sql`delete from ${sql.raw(this.table)}`);
  }
}
