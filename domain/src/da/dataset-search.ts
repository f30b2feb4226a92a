import type { HubFacetFilter, HubPort } from '../ports/hub-port.js';
import { InvalidInputError } from '../shared/errors.js';

/**
 * Dataset search for analysts: keyword search over the hub's search index with platform, domain and tag
 * filters and offset paging. The ranking is the hub's keyword ranking for now.
 */

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;
const MAX_OFFSET = 10_000;
const MAX_QUERY_LENGTH = 500;

export interface DatasetSearchFilters {
  platforms?: readonly string[] | null;
  domains?: readonly string[] | null;
  tags?: readonly string[] | null;
}

export interface DatasetSearchInput {
  query?: string | null;
  filters?: DatasetSearchFilters | null;
  offset?: number | null;
  limit?: number | null;
}

export interface DatasetSearchResults {
  offset: number;
  limit: number;
  total: number;
  results: { urn: string; matchedFields: { name: string; value: string }[] }[];
}

const asUrn = (prefix: string) => (value: string) =>
  value.startsWith('urn:li:') ? value : `${prefix}${value}`;

function filter(field: string, values: readonly string[] | null | undefined, toUrn: (v: string) => string) {
  if (!values || values.length === 0) return [];
  const cleaned = values.map((v) => v.trim()).filter((v) => v.length > 0);
  if (cleaned.length === 0)
    throw new InvalidInputError('INVALID_FILTER', `filter ${field} has only blank values`);
  return [{ field, values: cleaned.map(toUrn) } satisfies HubFacetFilter];
}

export async function searchDatasets(hub: HubPort, input: DatasetSearchInput): Promise<DatasetSearchResults> {
  const offset = input.offset ?? 0;
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
    throw new InvalidInputError('INVALID_OFFSET', `offset must be an integer from 0 to ${MAX_OFFSET}`);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
    throw new InvalidInputError('INVALID_LIMIT', `limit must be an integer from 0 to ${MAX_LIMIT}`);
  const query = (input.query ?? '').trim();
  if (query.length > MAX_QUERY_LENGTH)
    throw new InvalidInputError('INVALID_QUERY', `query must be at most ${MAX_QUERY_LENGTH} characters`);
  const f = input.filters ?? {};
  const page = await hub.search({
    types: ['DATASET'],
    query: query === '' ? '*' : query,
    filters: [
      ...filter('platform', f.platforms, asUrn('urn:li:dataPlatform:')),
      ...filter('domains', f.domains, asUrn('urn:li:domain:')),
      ...filter('tags', f.tags, asUrn('urn:li:tag:')),
    ],
    start: offset,
    count: limit,
  });
  return {
    offset,
    limit,
    total: page.total,
    results: page.hits.map((h) => ({ urn: h.entity.urn, matchedFields: h.matchedFields })),
  };
}
