import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { type SearchDocumentRow } from '../search-indexer.js';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { badRequest } from './errors.js';
import { entityTypeFromGraphql } from './entity-types.js';

/**
 * Keyword search, filters and facet counts over the embedded hub's search documents (hub.search_document),
 * with DataHub's filter field names (platform, domains, tags, glossaryTerms, owners, _entityType, …) and
 * operators (EQUAL, IN, IEQUAL, CONTAIN, START_WITH, END_WITH, EXISTS, negated).
 */

export interface FacetFilter {
  field: string;
  values?: readonly string[] | null;
  value?: string | null;
  negated?: boolean | null;
  condition?: string | null;
}

/** OR of ANDs, as DataHub's orFilters. */
export type OrFilters = readonly (readonly FacetFilter[])[];

export interface SearchRequest {
  /** Hub entity types (dataset, chart, …); empty = the searchable ones. */
  types: readonly string[];
  query: string;
  filters: OrFilters;
  start: number;
  count: number;
  includeRemoved?: boolean;
  /** Facets to count; empty = none. */
  facets?: readonly string[];
  maxAggValues?: number;
  /** Restrict to these urns (lineage search). */
  urns?: readonly string[];
}

/** A search document as a search returns it: the indexed row without its text blob and removal flag. */
export type SearchHit = Omit<SearchDocumentRow, 'document' | 'removed'>;

export interface FacetCount {
  field: string;
  value: string;
  count: number;
}

export interface SearchOutcome {
  total: number;
  hits: SearchHit[];
  facets: FacetCount[];
}

/** Entity types searched when a request names none (as DataHub's searchable entity types). */
export const SEARCHABLE_TYPES = [
  'dataset',
  'dashboard',
  'chart',
  'dataJob',
  'dataFlow',
  'container',
  'domain',
  'glossaryTerm',
  'glossaryNode',
  'tag',
  'corpuser',
  'corpGroup',
  'dataProduct',
] as const;

export const DEFAULT_FACETS = [
  '_entityType',
  'platform',
  'domains',
  'tags',
  'glossaryTerms',
  'owners',
  'typeNames',
  'container',
] as const;

export const FACET_DISPLAY_NAMES: Record<string, string> = {
  _entityType: 'Type',
  platform: 'Platform',
  domains: 'Domain',
  tags: 'Tag',
  glossaryTerms: 'Glossary Term',
  owners: 'Owned By',
  typeNames: 'Sub Type',
  container: 'Container',
  degree: 'Degree',
};

interface FieldSpec {
  column: string;
  array: boolean;
  normalize?: (value: string) => string;
}

const platformUrn = (v: string) => (v.startsWith('urn:li:dataPlatform:') ? v : `urn:li:dataPlatform:${v}`);

/** DataHub's search field names → search_document columns. */
const FIELDS: Record<string, FieldSpec> = {
  urn: { column: 'urn', array: false },
  _entityType: { column: 'entity_type', array: false, normalize: entityTypeValue },
  entityType: { column: 'entity_type', array: false, normalize: entityTypeValue },
  platform: { column: 'platform', array: false, normalize: platformUrn },
  domains: { column: 'domain', array: false },
  domain: { column: 'domain', array: false },
  container: { column: 'container', array: false },
  name: { column: 'name', array: false },
  qualifiedName: { column: 'qualified_name', array: false },
  description: { column: 'description', array: false },
  tags: { column: 'tags', array: true },
  fieldTags: { column: 'tags', array: true },
  glossaryTerms: { column: 'glossary_terms', array: true },
  fieldGlossaryTerms: { column: 'glossary_terms', array: true },
  owners: { column: 'owners', array: true },
  typeNames: { column: 'sub_types', array: true },
  fieldPaths: { column: 'field_paths', array: true },
  removed: { column: 'removed', array: false },
};

function entityTypeValue(value: string): string {
  return entityTypeFromGraphql(value) ?? value;
}

/** Lower-case word prefixes of a query, for to_tsquery('simple', …); empty for "*" or blank. */
export function queryTokens(query: string): string[] {
  return query
    .toLowerCase()
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

function tsQuery(tokens: readonly string[]): string {
  return tokens.map((t) => `${t}:*`).join(' & ');
}

const col = (name: string) => sql.raw(`"${name}"`);

function compileFilter(filter: FacetFilter): SQL {
  const spec = Object.prototype.hasOwnProperty.call(FIELDS, filter.field) ? FIELDS[filter.field] : undefined;
  if (!spec) {
    throw badRequest(
      `Unsupported filter field "${filter.field}"; supported: ${Object.keys(FIELDS).join(', ')}`,
    );
  }
  const condition = filter.condition ?? 'EQUAL';
  const raw = filter.values ?? (filter.value != null ? [filter.value] : []);
  const values = raw.map((v) => (spec.normalize ? spec.normalize(v) : v));
  const c = col(spec.column);
  let clause: SQL;
  if (spec.column === 'removed') {
    if (condition !== 'EQUAL' && condition !== 'IN') throw badRequest(`Filter "removed" supports EQUAL only`);
    const wanted = values.map((v) => v.toLowerCase() === 'true');
    clause = wanted.length === 0 ? sql`false` : sql`${c} = any(${`{${wanted.join(',')}}`}::boolean[])`;
  } else
    switch (condition) {
      case 'EQUAL':
      case 'IN':
        if (values.length === 0) clause = sql`false`;
        else if (spec.array) clause = sql`${c} && ${pgTextArray(values)}::text[]`;
        else clause = sql`${c} = any(${pgTextArray(values)}::text[])`;
        break;
      case 'IEQUAL': {
        const lower = pgTextArray(values.map((v) => v.toLowerCase()));
        clause = spec.array
          ? sql`exists (select 1 from unnest(${c}) v where lower(v) = any(${lower}::text[]))`
          : sql`lower(${c}) = any(${lower}::text[])`;
        break;
      }
      case 'CONTAIN':
      case 'START_WITH':
      case 'END_WITH': {
        const patterns = pgTextArray(
          values.map((v) => {
            const e = v.replace(/[\\%_]/g, (m) => `\\${m}`);
            return condition === 'CONTAIN' ? `%${e}%` : condition === 'START_WITH' ? `${e}%` : `%${e}`;
          }),
        );
        clause =
          values.length === 0
            ? sql`false`
            : spec.array
              ? sql`exists (select 1 from unnest(${c}) v where v ilike any(${patterns}::text[]))`
              : sql`${c} ilike any(${patterns}::text[])`;
        break;
      }
      case 'EXISTS':
        clause = spec.array ? sql`cardinality(${c}) > 0` : sql`(${c} is not null and ${c} <> '')`;
        break;
      default:
        throw badRequest(`Filter condition ${condition} is not supported on field "${filter.field}"`);
    }
  return filter.negated ? sql`not coalesce(${clause}, false)` : clause;
}

/** The WHERE clause of a request (types, removed, keyword, filters, urn restriction). */
export function compileWhere(request: SearchRequest): SQL {
  const parts: SQL[] = [];
  const types = request.types.length > 0 ? request.types : SEARCHABLE_TYPES;
  parts.push(sql`entity_type = any(${pgTextArray(types)}::text[])`);
  if (!request.includeRemoved) parts.push(sql`not removed`);
  const tokens = queryTokens(request.query);
  if (tokens.length > 0) {
    parts.push(sql`to_tsvector('simple', document) @@ to_tsquery('simple', ${tsQuery(tokens)})`);
  }
  if (request.urns) parts.push(sql`urn = any(${pgTextArray(request.urns)}::text[])`);
  const or = request.filters.filter((and) => and.length > 0);
  if (or.length > 0) {
    const disjuncts = or.map((and) => sql`(${sql.join(and.map(compileFilter), sql` and `)})`);
    parts.push(sql`(${sql.join(disjuncts, sql` or `)})`);
  }
  return sql.join(parts, sql` and `);
}

const HIT_COLUMNS = sql.raw(
  'urn, entity_type, name, qualified_name, description, platform, domain, container, tags, glossary_terms, owners, sub_types, field_paths',
);

export async function searchDocuments(store: Store, request: SearchRequest): Promise<SearchOutcome> {
  const where = compileWhere(request);
  const tokens = queryTokens(request.query);
  const exact = request.query.trim().toLowerCase();
  const order =
    tokens.length > 0
      ? sql`(lower(name) = ${exact} or lower(coalesce(qualified_name, '')) = ${exact}) desc,
          (exists (select 1 from unnest(field_paths) p where lower(p) = ${exact})) desc,
          ts_rank(to_tsvector('simple', document), to_tsquery('simple', ${tsQuery(tokens)})) desc, name, urn`
      : sql`name, urn`;
  const [countRow] = await store.query<{ total: number | string }>(
    sql`select count(*) as total from hub.search_document where ${where}`,
  );
  const total = Number(countRow?.total ?? 0);
  const hits =
    request.count > 0 && request.start < total
      ? await store.query<SearchHit & Record<string, unknown>>(
          sql`select ${HIT_COLUMNS} from hub.search_document where ${where}
              order by ${order} limit ${request.count} offset ${request.start}`,
        )
      : [];
  const facets = request.facets && request.facets.length > 0 ? await facetCounts(store, where, request) : [];
  return { total, hits: hits.map(normalizeHit), facets };
}

function normalizeHit(row: Record<string, unknown>): SearchHit {
  const arr = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return {
    urn: String(row.urn),
    entity_type: String(row.entity_type),
    name: typeof row.name === 'string' ? row.name : '',
    qualified_name: (row.qualified_name as string | null) ?? null,
    description: (row.description as string | null) ?? null,
    platform: (row.platform as string | null) ?? null,
    domain: (row.domain as string | null) ?? null,
    container: (row.container as string | null) ?? null,
    tags: arr(row.tags),
    glossary_terms: arr(row.glossary_terms),
    owners: arr(row.owners),
    sub_types: arr(row.sub_types),
    field_paths: arr(row.field_paths),
  };
}

const FACET_SQL: Record<string, { column: string; array: boolean }> = {
  _entityType: { column: 'entity_type', array: false },
  platform: { column: 'platform', array: false },
  domains: { column: 'domain', array: false },
  container: { column: 'container', array: false },
  tags: { column: 'tags', array: true },
  glossaryTerms: { column: 'glossary_terms', array: true },
  owners: { column: 'owners', array: true },
  typeNames: { column: 'sub_types', array: true },
};

export function supportedFacet(field: string): boolean {
  return Object.prototype.hasOwnProperty.call(FACET_SQL, field);
}

async function facetCounts(store: Store, where: SQL, request: SearchRequest): Promise<FacetCount[]> {
  const fields = (request.facets ?? []).filter(supportedFacet);
  if (fields.length === 0) return [];
  const limit = Math.max(1, Math.min(request.maxAggValues ?? 20, 1000));
  const selects = fields.map((field) => {
    const spec = FACET_SQL[field];
    if (!spec) throw new Error(`unreachable facet ${field}`);
    const value = spec.array ? sql`v` : col(spec.column);
    const from = spec.array ? sql`m, unnest(m.${col(spec.column)}) v` : sql`m`;
    return sql`(select ${field}::text as field, ${value}::text as value, count(*) as count from ${from}
      where ${value} is not null group by ${value} order by count(*) desc, ${value} limit ${limit})`;
  });
  const rows = await store.query<{ field: string; value: string; count: number | string }>(
    sql`with m as (select * from hub.search_document where ${where}) ${sql.join(selects, sql` union all `)}`,
  );
  return rows.map((r) => ({ field: r.field, value: r.value, count: Number(r.count) }));
}

/** Facet counts computed in memory over already-loaded hits (lineage search, a few thousand at most). */
export function facetCountsInMemory(
  hits: readonly SearchHit[],
  fields: readonly string[],
  maxAggValues = 20,
): FacetCount[] {
  const out: FacetCount[] = [];
  for (const field of fields) {
    const spec = FACET_SQL[field];
    if (!spec) continue;
    const counts = new Map<string, number>();
    for (const hit of hits) {
      const raw = (hit as unknown as Record<string, unknown>)[spec.column];
      const values = spec.array ? (raw as string[]) : raw == null ? [] : [raw as string];
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, maxAggValues)
      .forEach(([value, count]) => out.push({ field, value, count }));
  }
  return out;
}

/** Which parts of a hit matched the keyword query, as DataHub's matchedFields hints. */
export function matchedFields(hit: SearchHit, query: string): { name: string; value: string }[] {
  const tokens = queryTokens(query);
  if (tokens.length === 0) return [];
  const matches = (text: string | null | undefined) => {
    if (!text) return false;
    const lower = text.toLowerCase();
    return tokens.some((t) => lower.includes(t));
  };
  const out: { name: string; value: string }[] = [];
  if (matches(hit.name)) out.push({ name: 'name', value: hit.name });
  if (matches(hit.qualified_name)) out.push({ name: 'qualifiedName', value: hit.qualified_name ?? '' });
  if (matches(hit.description)) out.push({ name: 'description', value: hit.description ?? '' });
  for (const path of hit.field_paths) if (matches(path)) out.push({ name: 'fieldPaths', value: path });
  for (const tag of hit.tags) if (matches(tag)) out.push({ name: 'tags', value: tag });
  for (const term of hit.glossary_terms) if (matches(term)) out.push({ name: 'glossaryTerms', value: term });
  return out.slice(0, 10);
}
