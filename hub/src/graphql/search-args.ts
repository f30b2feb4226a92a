/**
 * DataHub's searchAcrossEntities and scrollAcrossEntities arguments as DataHub takes them (GraphQL entity
 * types, orFilters, paging, scroll ids), run over the hub's search documents, with results as DataHub
 * GraphQL values. Shared by the hub's GraphQL resolvers and the embedded hub port.
 */
import type { Store } from '@dataspoke/platform/store/db';
import { ref } from '../read/values.js';
import { entityTypeFromGraphql, hubGraphqlType } from './entity-types.js';
import { badRequest } from './errors.js';
import {
  DEFAULT_FACETS,
  FACET_DISPLAY_NAMES,
  matchedFields,
  searchDocuments,
  type FacetCount,
  type FacetFilter,
  type SearchHit,
} from './search.js';

export interface FacetFilterArg {
  field: string;
  values?: string[] | null;
  value?: string | null;
  negated?: boolean | null;
  condition?: string | null;
}

export interface SearchArgs {
  types?: string[] | null;
  query?: string | null;
  start?: number | null;
  count?: number | null;
  scrollId?: string | null;
  filters?: FacetFilterArg[] | null;
  orFilters?: { and?: FacetFilterArg[] | null }[] | null;
  searchFlags?: {
    maxAggValues?: number | null;
    skipAggregates?: boolean | null;
    includeSoftDeleted?: boolean | null;
  } | null;
}

export function hubTypes(types: readonly string[] | null | undefined): string[] {
  return (types ?? []).map((t) => {
    const hubType = entityTypeFromGraphql(t);
    if (!hubType) throw badRequest(`Entity type ${t} is not searchable here`);
    return hubType;
  });
}

export function orFilters(input: SearchArgs): FacetFilter[][] {
  const or = (input.orFilters ?? []).map((and) => [...(and.and ?? [])]);
  const legacy = input.filters ?? [];
  if (legacy.length === 0) return or;
  if (or.length === 0) return [[...legacy]];
  return or.map((and) => [...and, ...legacy]);
}

export function pageArgs(start: number | null | undefined, count: number | null | undefined) {
  const s = start ?? 0;
  const c = count ?? 10;
  if (s < 0) throw badRequest('start must not be negative');
  if (c < 0) throw badRequest('count must not be negative');
  return { start: s, count: Math.min(c, 10_000) };
}

export function facetMetadata(counts: readonly FacetCount[], fields: readonly string[]) {
  return fields.map((field) => ({
    field,
    displayName: FACET_DISPLAY_NAMES[field] ?? field,
    entity: null,
    aggregations: counts
      .filter((c) => c.field === field)
      .map((c) => ({
        value: field === '_entityType' ? (hubGraphqlType(c.value)?.enumValue ?? 'OTHER') : c.value,
        count: c.count,
        entity: c.value.startsWith('urn:li:') ? ref(c.value) : null,
        displayName: null,
      })),
  }));
}

export function searchResult(hit: SearchHit, query: string) {
  return {
    entity: { urn: hit.urn, entityType: hit.entity_type },
    insights: [],
    matchedFields: matchedFields(hit, query).map((m) => ({
      ...m,
      entity: m.value.startsWith('urn:li:') ? ref(m.value) : null,
    })),
  };
}

export async function runSearch(store: Store, input: SearchArgs, start: number, count: number) {
  const query = input.query ?? '*';
  const skipFacets = input.searchFlags?.skipAggregates === true;
  const outcome = await searchDocuments(store, {
    types: hubTypes(input.types),
    query,
    filters: orFilters(input),
    start,
    count,
    includeRemoved: input.searchFlags?.includeSoftDeleted === true,
    facets: skipFacets ? [] : DEFAULT_FACETS,
    maxAggValues: input.searchFlags?.maxAggValues ?? 20,
  });
  return {
    outcome,
    searchResults: outcome.hits.map((h) => searchResult(h, query)),
    facets: skipFacets ? [] : facetMetadata(outcome.facets, DEFAULT_FACETS),
  };
}

export function encodeScrollId(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

export function decodeScrollId(scrollId: string | null | undefined): number {
  if (!scrollId) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(scrollId, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw badRequest(`Invalid scrollId ${JSON.stringify(scrollId)}`);
}
