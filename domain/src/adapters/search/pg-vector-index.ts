import { sql } from 'drizzle-orm';
import { lruCaches, type BoundedCache, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import { rowsOf, type Store } from '@dataspoke/platform/store/db';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { ChangeNotices } from './change-notices.js';
import { VectorIndexError, type VectorHit, type VectorIndex } from '../../ports/vector-index.js';

/** A restriction to more ids than this may be searched through the graph and filtered in process. */
const LIST_MAX = 2000;
/** pgvector's default hnsw.ef_search: a graph search returns at most this many rows unless it is raised. */
const DEFAULT_BREADTH = 40;
/** The widest graph search (pgvector's largest hnsw.ef_search). */
const GRAPH_MAX = 1000;
/**
 * A restriction to at most this many ids is scored in process. Reading a vector out of PGlite has a cost per
 * vector (formatting its floats), so only short lists pay for it: a question's candidate databases, which
 * come back question after question. A longer list is scored by the database.
 */
const KEEP_LIST_MAX = 64;
/** Vectors kept in process (1.5 KB each at 384 dimensions). */
const KEEP_MAX = 20_000;
/** Changes to the vectors are announced here, so that other processes drop the copies they keep. */
export const VECTORS_CHANNEL = 'dataspoke_search_vectors';

/** A kept vector and its length, so that a score is pgvector's cosine whatever the vector's scale. */
interface KeptVector {
  vector: Float32Array;
  norm: number;
}

/** Kept for an id the table has no vector for, so that it is not asked for again. */
const NO_VECTOR = Symbol('no vector');
type Kept = KeptVector | typeof NO_VECTOR;

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
  /**
   * Vectors read for restricted searches, kept by urn (least recently used dropped first). A short restriction
   * is scored here: the same statement on PGlite is mostly fixed cost, and the same short lists come back
   * question after question. An id without a vector is kept as NO_VECTOR, so it is not asked for again. They
   * follow this adapter's writes at once and other writers' through VECTORS_CHANNEL; while that channel is not
   * heard nothing is kept.
   */
  private readonly kept: BoundedCache<string, Kept>;
  private listening: Promise<boolean> | null = null;
  /** Counts other writers' announcements, so that a read they overlapped is used but not kept. */
  private announcements = 0;
  private readonly notices: ChangeNotices;

  constructor(
    private readonly store: Store,
    readonly dimensions: number,
    caches: CacheFactory = lruCaches,
  ) {
    this.table = `spoke_da.dataset_embedding_${dimensions}`;
    this.notices = new ChangeNotices(store, VECTORS_CHANNEL);
    this.kept = caches('pgvector: kept vectors', { max: KEEP_MAX });
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
      // Only vectors already kept are replaced: a bulk build must not fill the copy with what no search read.
      for (const item of chunk) if (this.kept.has(item.id)) this.kept.set(item.id, withNorm(item.vector));
    }
    await this.announce(items.map((item) => item.id));
  }

  private check(vector: Float32Array): void {
    if (vector.length !== this.dimensions)
      throw new VectorIndexError(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.counted = null;
    await this.exec(sql`delete from ${sql.raw(this.table)} where urn = any(${pgTextArray(ids)}::text[])`);
    for (const id of ids) this.kept.delete(id);
    await this.announce(ids);
  }

  async search(vector: Float32Array, k: number, within?: readonly string[]): Promise<VectorHit[]> {
    this.check(vector);
    if (k <= 0 || (within && within.length === 0)) return [];
    const q = `[${vector.join(',')}]`;
    if (!within) return this.nearest(q, k);
    // A short list is scored exactly here, from the vectors kept in process.
    if (within.length <= KEEP_LIST_MAX && (await this.following())) return this.scoreKept(vector, k, within);
    // A restriction to a large share of the index ("in snowflake" at 100k datasets is some 45k ids) is walked
    // through the graph and filtered here: sending and matching the whole list costs far more on PGlite. When
    // the allowed ids are rarer among the nearest than their share says, the walk is widened once.
    if (within.length > LIST_MAX) {
      const share = within.length / Math.max(await this.size(), within.length);
      const wanted = Math.ceil((2 * k) / share);
      if (wanted <= GRAPH_MAX) {
        const allowed = new Set(within);
        for (const breadth of new Set([wanted, GRAPH_MAX])) {
          const hits = (await this.nearest(q, breadth)).filter((h) => allowed.has(h.id));
          if (hits.length >= k) return hits.slice(0, k);
        }
      }
    }
    // Otherwise its candidates are scored exactly by the database (the graph could return fewer than k of
    // them). Reading a long list's vectors into this process costs more than that, and they would not stay.
    const rows = await this.exec<{ urn: string; distance: number }>(sql`
      select urn, embedding <=> ${q}::vector as distance from ${sql.raw(this.table)}
      where urn = any(${pgTextArray(within)}::text[]) order by 2 limit ${k}`);
    return rows.map((r) => ({ id: r.urn, score: 1 - Number(r.distance) }));
  }

  /** Exact cosine over the given ids, reading the vectors not yet kept. */
  private async scoreKept(vector: Float32Array, k: number, within: readonly string[]): Promise<VectorHit[]> {
    // What is kept is taken first: keeping what is read below may drop some of it.
    const known = new Map<string, Kept>();
    const missing: string[] = [];
    for (const id of new Set(within)) {
      const kept = this.kept.get(id);
      if (kept === undefined) missing.push(id);
      else known.set(id, kept);
    }
    if (missing.length > 0) {
      const announcementsBefore = this.announcements;
      const rows = await this.exec<{ urn: string; embedding: string }>(sql`
        select urn, embedding::text as embedding from ${sql.raw(this.table)}
        where urn = any(${pgTextArray(missing)}::text[])`);
      const found = new Map(rows.map((row) => [row.urn, row.embedding]));
      // pgvector's text form, [x,y,...], is a JSON array.
      for (const id of missing) {
        const text = found.get(id);
        known.set(
          id,
          text === undefined ? NO_VECTOR : withNorm(Float32Array.from(JSON.parse(text) as number[])),
        );
      }
      // A change announced while the read ran may not be in it: what was read answers this search only.
      if (this.announcements === announcementsBefore)
        for (const id of missing) this.kept.set(id, known.get(id)!);
    }
    let queryNorm = 0;
    for (const x of vector) queryNorm += x * x;
    queryNorm = Math.sqrt(queryNorm);
    const hits: VectorHit[] = [];
    for (const [id, kept] of known) {
      if (kept === NO_VECTOR) continue;
      let dot = 0;
      for (let d = 0; d < vector.length; d++) dot += vector[d]! * kept.vector[d]!;
      const denominator = queryNorm * kept.norm;
      // pgvector's cosine distance of a zero vector is NaN; such a vector is never near anything.
      hits.push({ id, score: denominator > 0 ? dot / denominator : Number.NaN });
    }
    return hits
      .filter((h) => !Number.isNaN(h.score))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, k);
  }

  /** Whether kept vectors can be trusted: true once this adapter hears other writers' announcements. */
  private following(): Promise<boolean> {
    this.listening ??= this.notices
      .follow(
        (urns) => {
          this.announcements++;
          if (urns === 'all') this.kept.clear();
          else for (const urn of urns) this.kept.delete(urn);
        },
        // Announcements sent while not listening are lost: what is kept may be stale.
        () => {
          this.announcements++;
          this.kept.clear();
        },
      )
      .then(
        () => true,
        () => false,
      );
    return this.listening;
  }

  /** Tells the other adapters on this store which vectors changed. */
  private async announce(urns: readonly string[] | 'all'): Promise<void> {
    try {
      await this.notices.announce(urns);
    } catch (error) {
      throw new VectorIndexError(`pgvector query failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The k nearest by the HNSW graph, which is searched wide enough to return k (up to GRAPH_MAX). */
  private async nearest(q: string, k: number): Promise<VectorHit[]> {
    await this.ensure();
    const nearest = sql`
      select urn, embedding <=> ${q}::vector as distance from ${sql.raw(this.table)}
      order by embedding <=> ${q}::vector limit ${k}`;
    try {
      let rows: { urn: string; distance: number }[] | null = null;
      // Up to pgvector's default breadth (40) the statement runs alone: setting the breadth needs a transaction,
      // which doubled the time on PGlite. Should a server's setting be narrower, fewer than k rows
      // come back, and the search is made again with the breadth set.
      if (k <= DEFAULT_BREADTH) {
        rows = await this.store.query<{ urn: string; distance: number }>(nearest);
        if (rows.length < k && rows.length < (await this.size())) rows = null;
      }
      rows ??= await this.store.db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('hnsw.ef_search', ${String(Math.min(GRAPH_MAX, Math.max(DEFAULT_BREADTH, k)))}, true)`,
        );
        return rowsOf<{ urn: string; distance: number }>(await tx.execute(nearest));
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
    this.kept.clear();
    await this.announce('all');
  }
}

function withNorm(vector: Float32Array): KeptVector {
  let norm = 0;
  for (const x of vector) norm += x * x;
  return { vector, norm: Math.sqrt(norm) };
}
