/**
 * DataHub's searchAcrossLineage: a lineage walk from one entity, then a search of the reached entities'
 * documents, with the walk's degree as a filter and a facet.
 */
import { ref } from '../read/values.js';
import { entityTypeFromGraphql } from './entity-types.js';
import { badRequest } from './errors.js';
import { traverseLineage, type LineageDirection } from './lineage.js';
import type { HubGraphqlContext } from './context.js';
import {
  facetMetadata,
  hubTypes,
  orFilters,
  pageArgs,
  searchResult,
  type SearchArgs,
} from './search-args.js';
import {
  DEFAULT_FACETS,
  FACET_DISPLAY_NAMES,
  facetCountsInMemory,
  searchDocuments,
  type FacetFilter,
  type SearchHit,
} from './search.js';

export interface LineageSearchArgs extends SearchArgs {
  urn?: string | null;
  direction: LineageDirection;
  lineageFlags?: { ignoreAsHops?: { entityType: string; platforms?: string[] | null }[] | null } | null;
}

export function degreeMatches(degree: number, values: readonly string[]): boolean {
  return values.some((v) => (v.endsWith('+') ? degree >= Number(v.slice(0, -1)) : degree === Number(v)));
}

export async function searchAcrossLineage(input: LineageSearchArgs, ctx: HubGraphqlContext) {
  if (!input.urn) throw badRequest('searchAcrossLineage needs an urn');
  if (!ref(input.urn)) throw badRequest(`Invalid urn ${JSON.stringify(input.urn)}`);
  const { start, count } = pageArgs(input.start, input.count);
  const query = input.query ?? '*';
  const ignore = new Set(
    (input.lineageFlags?.ignoreAsHops ?? []).map((i) => entityTypeFromGraphql(i.entityType) ?? i.entityType),
  );
  const { nodes, truncated } = await traverseLineage(ctx.store, input.urn, input.direction, {
    ignoreAsHops: ignore,
  });

  // Degree filters apply to the walk; every other filter to the reached entities' search documents.
  const all = orFilters(input);
  const degreeOf = (and: readonly FacetFilter[]) => and.filter((f) => f.field === 'degree');
  const otherOf = (and: readonly FacetFilter[]) => and.filter((f) => f.field !== 'degree');
  for (const and of all) {
    for (const f of degreeOf(and)) {
      const values = f.values ?? (f.value ? [f.value] : []);
      if (values.some((v) => !/^\d+\+?$/.test(v)))
        throw badRequest(`Invalid degree filter values ${JSON.stringify(values)}`);
    }
  }
  const byUrn = new Map(nodes.map((n) => [n.urn, n]));
  const hitsByOr = await Promise.all(
    (all.length > 0 ? all : [[]]).map(async (and) => {
      const outcome = await searchDocuments(ctx.store, {
        types: hubTypes(input.types),
        query,
        filters: [otherOf(and)],
        start: 0,
        count: 10_000,
        includeRemoved: input.searchFlags?.includeSoftDeleted === true,
        urns: nodes.map((n) => n.urn),
      });
      const degreeFilters = degreeOf(and);
      return outcome.hits.filter((h) => {
        const node = byUrn.get(h.urn);
        if (!node) return false;
        return degreeFilters.every((f) => {
          const ok = degreeMatches(node.degree, f.values ?? (f.value ? [f.value] : []));
          return f.negated ? !ok : ok;
        });
      });
    }),
  );
  const merged = new Map<string, SearchHit>();
  for (const hits of hitsByOr) for (const h of hits) merged.set(h.urn, h);
  const ordered = [...merged.values()].sort(
    (a, b) =>
      (byUrn.get(a.urn)?.degree ?? 0) - (byUrn.get(b.urn)?.degree ?? 0) ||
      a.name.localeCompare(b.name) ||
      a.urn.localeCompare(b.urn),
  );
  const page = ordered.slice(start, start + count);
  const facetFields = [...DEFAULT_FACETS];
  const counts = facetCountsInMemory(ordered, facetFields, input.searchFlags?.maxAggValues ?? 20);
  const degreeCounts = new Map<string, number>();
  for (const h of ordered) {
    const d = byUrn.get(h.urn)?.degree ?? 0;
    const key = d >= 3 ? '3+' : String(d);
    degreeCounts.set(key, (degreeCounts.get(key) ?? 0) + 1);
  }
  const facets = [
    ...facetMetadata(counts, facetFields),
    {
      field: 'degree',
      displayName: FACET_DISPLAY_NAMES.degree,
      entity: null,
      aggregations: [...degreeCounts.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([value, c]) => ({ value, count: c, entity: null, displayName: null })),
    },
  ];
  return {
    start,
    count: page.length,
    total: ordered.length,
    searchResults: page.map((hit) => {
      const node = byUrn.get(hit.urn);
      return {
        ...searchResult(hit, query),
        degree: node?.degree ?? 1,
        degrees: [node?.degree ?? 1],
        paths: node ? [{ path: node.path.map((u) => ref(u)) }] : [],
        explored: !truncated,
        truncatedChildren: false,
        ignoredAsHop: node?.ignoredAsHop ?? false,
      };
    }),
    facets,
  };
}
