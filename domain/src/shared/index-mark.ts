import { sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';

/**
 * The search index's durable high-water mark over the embedded hub: every hub write whose version-0 aspect
 * was created before the mark is known to be in the search documents and vectors. A process that stops
 * without flushing its queue (kill -9, a crash, a bound reached at shutdown) leaves the mark behind its last
 * writes, and the next start indexes what the hub changed since: no manual `search reindex`.
 */
export interface IndexMark {
  /** The mark in epoch milliseconds, or null when none was ever written (an index older than marks). */
  read(): Promise<number | null>;
  write(ms: number): Promise<void>;
  /** Datasets, charts and dashboards with a latest aspect written at or after `sinceMs` (null: all). */
  changedSince(sinceMs: number | null): Promise<string[]>;
  /** Indexed datasets the hub no longer holds at all (hard-deleted while no one followed the hub). */
  orphans(): Promise<string[]>;
}

const NAME = 'dataset-search';

/**
 * The mark kept in the operational store beside the documents. Its one-row table is created here rather
 * than by a migration, as the pgvector table is: only this adapter reads it.
 */
export class StoreIndexMark implements IndexMark {
  private ready: Promise<void> | null = null;

  constructor(private readonly store: Store) {}

  private ensure(): Promise<void> {
    this.ready ??= this.store
      .query(
        sql`create table if not exists spoke_da.index_mark (name text primary key, applied_through timestamptz not null)`,
      )
      .then(() => undefined);
    return this.ready;
  }

  async read(): Promise<number | null> {
    await this.ensure();
    const rows = await this.store.query<{ ms: string | number }>(
      sql`select (extract(epoch from applied_through) * 1000)::bigint as ms from spoke_da.index_mark where name = ${NAME}`,
    );
    return rows[0] ? Number(rows[0].ms) : null;
  }

  async write(ms: number): Promise<void> {
    await this.ensure();
    await this.store.query(sql`
      insert into spoke_da.index_mark (name, applied_through) values (${NAME}, ${new Date(ms).toISOString()})
      on conflict (name) do update set applied_through = excluded.applied_through`);
  }

  async changedSince(sinceMs: number | null): Promise<string[]> {
    const since = new Date(sinceMs ?? 0).toISOString();
    const rows = await this.store.query<{ urn: string }>(sql`
      select distinct urn from hub.metadata_aspect_v2
      where version = 0 and createdon >= ${since}
        and (urn like 'urn:li:dataset:%' or urn like 'urn:li:chart:%' or urn like 'urn:li:dashboard:%')`);
    return rows.map((r) => r.urn);
  }

  async orphans(): Promise<string[]> {
    const rows = await this.store.query<{ urn: string }>(sql`
      select d.urn from spoke_da.dataset_doc d
      where not exists (select 1 from hub.metadata_aspect_v2 a where a.urn = d.urn and a.version = 0)`);
    return rows.map((r) => r.urn);
  }
}
