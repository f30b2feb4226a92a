import type { BoundedCache } from '@dataspoke/platform/cache/bounded-cache';
import type { FilterClause, SearchDocuments } from '../ports/search-documents.js';
import { FILTER_CAP } from './search-filters.js';

/**
 * The one filter that is not a facet: "used by" answered by a lineage walk, and what the walk says about why
 * an upstream dataset matched (ViaLineage, shown as evidence).
 */

/**
 * "Used by X" reaches through lineage: the datasets X's dashboards read, and every dataset upstream of them.
 * Consumer alternatives become the set of those urns; `via` records, for an upstream dataset, the dataset
 * the dashboards read (evidence of why it matched).
 */
export async function resolveConsumers(
  documents: SearchDocuments,
  clauses: readonly FilterClause[],
  via: ViaLineage,
  walkFilters?: BoundedCache<readonly { urn: string; via: string }[], WalkFilter>,
): Promise<FilterClause[]> {
  const out: FilterClause[] = [];
  for (const clause of clauses) {
    const alternatives: FilterClause = [];
    for (const alt of clause) {
      if (alt.column !== 'consumers') {
        alternatives.push(alt);
        continue;
      }
      const direct = await documents.filter([[alt]], FILTER_CAP);
      // Everything upstream of them.
      const walked = walkFilter(direct, await documents.upstreamClosure(direct, 8, FILTER_CAP), walkFilters);
      via.add(walked.via);
      alternatives.push({ column: 'urn', values: walked.urns });
    }
    out.push(alternatives);
  }
  return out;
}

/** For datasets matched through lineage by a "used by" filter: the dataset the consumers read. */
export class ViaLineage {
  private readonly walks: ReadonlyMap<string, string>[] = [];

  add(walk: ReadonlyMap<string, string>): void {
    this.walks.push(walk);
  }

  /** The latest walk's answer, as if each walk had been written over the one before. */
  get(urn: string): string | undefined {
    for (let i = this.walks.length - 1; i >= 0; i--) {
      const v = this.walks[i]!.get(urn);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  has(urn: string): boolean {
    return this.get(urn) !== undefined;
  }
}

export interface WalkFilter {
  direct: readonly string[];
  /** The datasets read directly, then those upstream of them (a filter's urn alternative). */
  urns: string[];
  /** Each upstream dataset's `via`. */
  via: ReadonlyMap<string, string>;
}

/**
 * A lineage walk's answer made a filter, kept by that answer (in `walkFilters`): a documents adapter that keeps
 * its walks hands the same answer back for the same roots, and a large walk (tens of thousands of urns at 100k
 * datasets) is costly to turn into a set and a map again for every question; the urn list, the same each time,
 * lets the filter keep its work too.
 */
function walkFilter(
  direct: readonly string[],
  found: readonly { urn: string; via: string }[],
  walkFilters?: BoundedCache<readonly { urn: string; via: string }[], WalkFilter>,
): WalkFilter {
  const kept = walkFilters?.get(found);
  if (kept && kept.direct.length === direct.length && kept.direct.every((u, i) => u === direct[i]))
    return kept;
  const seen = new Set(direct);
  const via = new Map<string, string>();
  for (const up of found) {
    if (seen.has(up.urn)) continue;
    seen.add(up.urn);
    via.set(up.urn, up.via);
  }
  const made: WalkFilter = { direct: [...direct], urns: [...seen], via };
  walkFilters?.set(found, made);
  return made;
}
