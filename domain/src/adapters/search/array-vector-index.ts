import { sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { dot } from '../../ports/embedder.js';
import { VectorIndexError, type VectorHit, type VectorIndex } from '../../ports/vector-index.js';

/**
 * The fallback for a PostgreSQL without pgvector: vectors as `real[]` in spoke_da.dataset_vector (created by
 * the migrations, no extension needed) and exact cosine scoring in this process over an in-memory copy. Exact
 * scoring is linear in the number of vectors, fine up to some 100k datasets (bench:search); beyond, install pgvector or use
 * Qdrant. The copy is reloaded when another process changed the table (checked at most once a second).
 */
export class ArrayVectorIndex implements VectorIndex {
  readonly kind = 'array';
  private ids: string[] = [];
  private position = new Map<string, number>();
  private matrix = new Float32Array(0);
  private loadedStamp: string | null = null;
  private checkedAt = 0;

  constructor(
    private readonly store: Store,
    readonly dimensions: number,
    private readonly model: string,
  ) {}

  ensure(): Promise<void> {
    return Promise.resolve();
  }

  private async stamp(): Promise<string> {
    const [row] = await this.store.query<{ n: number; t: string | null }>(sql`
      select count(*)::int as n, max(updated_at)::text as t from spoke_da.dataset_vector where model = ${this.model}`);
    return `${row?.n ?? 0}@${row?.t ?? ''}`;
  }

  private async fresh(): Promise<void> {
    const now = Date.now();
    if (this.loadedStamp !== null && now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    const stamp = await this.stamp();
    if (stamp === this.loadedStamp) return;
    const rows = await this.store.query<{ urn: string; vector: number[] | string }>(sql`
      select urn, vector from spoke_da.dataset_vector where model = ${this.model} order by urn`);
    this.ids = [];
    this.position = new Map();
    this.matrix = new Float32Array(rows.length * this.dimensions);
    for (const row of rows) {
      const v = typeof row.vector === 'string' ? parseArray(row.vector) : row.vector;
      if (v.length !== this.dimensions) continue;
      this.place(row.urn, v);
    }
    this.loadedStamp = stamp;
  }

  private place(id: string, vector: ArrayLike<number>): void {
    let at = this.position.get(id);
    if (at === undefined) {
      at = this.ids.length;
      this.ids.push(id);
      this.position.set(id, at);
      if ((at + 1) * this.dimensions > this.matrix.length) {
        const grown = new Float32Array(Math.max(1024, (at + 1) * 2) * this.dimensions);
        grown.set(this.matrix);
        this.matrix = grown;
      }
    }
    this.matrix.set(vector, at * this.dimensions);
  }

  async upsert(items: readonly { id: string; vector: Float32Array }[]): Promise<void> {
    for (const item of items)
      if (item.vector.length !== this.dimensions)
        throw new VectorIndexError(
          `vector has ${item.vector.length} dimensions, the index ${this.dimensions}`,
        );
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      await this.store.query(sql`
        insert into spoke_da.dataset_vector (urn, model, vector, updated_at)
        select id, ${this.model}, v::real[], now() from unnest(${pgTextArray(chunk.map((c) => c.id))}::text[],
          ${pgTextArray(chunk.map((c) => `{${c.vector.join(',')}}`))}::text[]) as t(id, v)
        on conflict (urn) do update set model = excluded.model, vector = excluded.vector, updated_at = excluded.updated_at`);
    }
    if (this.loadedStamp !== null) {
      for (const item of items) this.place(item.id, item.vector);
      this.loadedStamp = await this.stamp();
    }
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.store.query(
      sql`delete from spoke_da.dataset_vector where urn = any(${pgTextArray(ids)}::text[])`,
    );
    this.loadedStamp = null;
  }

  async search(vector: Float32Array, k: number, within?: readonly string[]): Promise<VectorHit[]> {
    if (vector.length !== this.dimensions)
      throw new VectorIndexError(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    if (k <= 0) return [];
    await this.fresh();
    const d = this.dimensions;
    const candidates = within
      ? within.map((id) => this.position.get(id)).filter((p): p is number => p !== undefined)
      : null;
    const n = candidates ? candidates.length : this.ids.length;
    // Keep the best k in a small sorted buffer: cheaper than sorting every score.
    const best: VectorHit[] = [];
    for (let j = 0; j < n; j++) {
      const row = candidates ? candidates[j]! : j;
      const score = dot(vector, this.matrix.subarray(row * d, row * d + d));
      if (best.length < k || score > best[best.length - 1]!.score) {
        let at = best.length;
        while (at > 0 && best[at - 1]!.score < score) at--;
        best.splice(at, 0, { id: this.ids[row]!, score });
        if (best.length > k) best.pop();
      }
    }
    return best;
  }

  async count(): Promise<number> {
    const [row] = await this.store.query<{ n: number }>(
      sql`select count(*)::int as n from spoke_da.dataset_vector where model = ${this.model}`,
    );
    return Number(row?.n ?? 0);
  }

  async clear(): Promise<void> {
    await this.store.query(sql`delete from spoke_da.dataset_vector`);
    this.loadedStamp = null;
  }
}

function parseArray(text: string): number[] {
  return text
    .replace(/[{}]/g, '')
    .split(',')
    .filter((s) => s !== '')
    .map(Number);
}
