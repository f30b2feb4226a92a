import { lruCaches, type BoundedCache, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { FilterClause, FilterColumn } from '../../../ports/search-documents.js';

/**
 * The search documents' filterable facets in memory: for each column and value, the documents that have it.
 * Filters understood from a question ("in snowflake", "for finance") select thousands of documents at scale,
 * which a SELECT returns row by row (tens of milliseconds on PGlite); here a filter is set arithmetic.
 */

export type Facets = Record<FilterColumn, string | readonly string[] | null>;

/** Long urn lists whose indexed urns are kept (as many as the search keeps "used by" walks). */
const KEPT_LISTS = 8;

export class FacetIndex {
  private readonly facetsOf = new Map<string, Facets>();
  private readonly byValue = new Map<FilterColumn, Map<string, Set<string>>>();
  /** Counts changes, so that a kept answer is known to be current. */
  private version = 0;
  /**
   * The indexed urns of a long urn list, kept by the list: a "used by" filter sends the same tens of thousands
   * of urns (the same list, kept by the search) question after question.
   */
  private readonly indexedOf: BoundedCache<readonly string[], { version: number; set: ReadonlySet<string> }>;

  constructor(caches: CacheFactory = lruCaches) {
    this.indexedOf = caches('facet index: indexed urns of long lists', { max: KEPT_LISTS });
  }

  get size(): number {
    return this.facetsOf.size;
  }

  put(urn: string, facets: Omit<Facets, 'urn'>): void {
    this.remove(urn);
    this.version++;
    const all: Facets = { ...facets, urn };
    this.facetsOf.set(urn, all);
    // A document is its own urn's only holder: facetsOf answers that column, not a set per document.
    for (const [column, value] of Object.entries(facets) as [FilterColumn, Facets[FilterColumn]][])
      for (const v of valuesOf(value)) this.holders(column, v, true)!.add(urn);
  }

  remove(urn: string): void {
    const facets = this.facetsOf.get(urn);
    if (!facets) return;
    this.version++;
    this.facetsOf.delete(urn);
    for (const [column, value] of Object.entries(facets) as [FilterColumn, Facets[FilterColumn]][])
      for (const v of column === 'urn' ? [] : valuesOf(value)) {
        const set = this.holders(column, v, false);
        set?.delete(urn);
        if (set?.size === 0) this.byValue.get(column)!.delete(v);
      }
  }

  /**
   * Documents meeting every clause (each clause met by any of its alternatives), at most `cap`: in the order
   * of the most selective clause's alternatives, and for each in the order its documents were indexed (by urn
   * at load, then as written).
   */
  filter(clauses: readonly FilterClause[], cap: number): string[] {
    if (clauses.length === 0) return [...this.facetsOf.keys()].slice(0, cap);
    const sets = clauses.map((clause): ReadonlySet<string> => {
      // One value of one column: its holders as they are (a platform holds tens of thousands at 100k).
      if (clause.length === 1 && clause[0]!.values.length === 1 && clause[0]!.column !== 'urn')
        return this.holders(clause[0]!.column, clause[0]!.values[0]!, false) ?? new Set();
      if (clause.length === 1 && clause[0]!.column === 'urn') return this.indexed(clause[0]!.values);
      const union = new Set<string>();
      for (const { column, values } of clause)
        if (column === 'urn') {
          for (const v of values) if (this.facetsOf.has(v)) union.add(v);
        } else for (const v of values) for (const urn of this.holders(column, v, false) ?? []) union.add(urn);
      return union;
    });
    sets.sort((a, b) => a.size - b.size);
    const [smallest, ...others] = sets;
    const out: string[] = [];
    // A set iterates in insertion order: alternatives in turn, documents as they were put.
    for (const urn of smallest!) {
      if (!others.every((s) => s.has(urn))) continue;
      out.push(urn);
      if (out.length >= cap) break;
    }
    return out;
  }

  private indexed(urns: readonly string[]): ReadonlySet<string> {
    const kept = this.indexedOf.get(urns);
    if (kept && kept.version === this.version) return kept.set;
    const set = new Set<string>();
    for (const v of urns) if (this.facetsOf.has(v)) set.add(v);
    if (urns.length >= 1000) this.indexedOf.set(urns, { version: this.version, set });
    return set;
  }

  containerSizes(containers: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of containers) {
      const n = this.holders('container', c, false)?.size ?? 0;
      if (n > 0) out.set(c, n);
    }
    return out;
  }

  private holders(column: FilterColumn, value: string, create: boolean): Set<string> | undefined {
    let values = this.byValue.get(column);
    if (!values) {
      if (!create) return undefined;
      this.byValue.set(column, (values = new Map<string, Set<string>>()));
    }
    let set = values.get(value);
    if (!set && create) values.set(value, (set = new Set()));
    return set;
  }
}

function valuesOf(value: string | readonly string[] | null): readonly string[] {
  return value === null ? [] : typeof value === 'string' ? [value] : value;
}
