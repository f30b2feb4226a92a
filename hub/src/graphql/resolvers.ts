import { sql } from 'drizzle-orm';
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { Store } from '@dataspoke/platform/store/db';
import { aspectVersionKey, type EmbeddedHub, type TimeRange, type TimeseriesRow } from '../embedded-hub.js';
import type { JsonObject, StoredAspect } from '../model.js';
import { entityDescription, entityDisplayName } from '../search-indexer.js';
import { asArray, asObject, str } from '../json.js';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { urnDisplayId } from '../urn.js';
import { parseUrn } from '../urn.js';
import {
  ENTITY_TYPES,
  entityTypeFromGraphql,
  graphqlEntityType,
  isModelledEntityType,
} from './entity-types.js';
import { badRequest } from './errors.js';
import { traverseLineage, type LineageDirection, type LineageEdge } from './lineage.js';
import type DataLoader from 'dataloader';
import { keyedLoader } from '@dataspoke/platform/graphql/keyed-loader';
import {
  DEFAULT_FACETS,
  FACET_DISPLAY_NAMES,
  facetCountsInMemory,
  matchedFields,
  searchDocuments,
  type FacetCount,
  type FacetFilter,
  type OrFilters,
  type SearchHit,
} from './search.js';

// ------------------------------------------------------------------------------------------------ context

export interface HubGraphqlContext {
  hub: EmbeddedHub;
  store: Store;
  aspects: DataLoader<string, Map<string, StoredAspect>>;
  /** Whether an entity has a live search document (exists and is not soft-deleted). */
  live: DataLoader<string, boolean>;
  /** Older versions of schemaMetadata, keyed by aspectVersionKey(urn, version). */
  schemaVersions: DataLoader<string, StoredAspect | null>;
  /** One lineage hop from an entity, per direction. */
  lineageEdges: Record<LineageDirection, DataLoader<string, LineageEdge[]>>;
  /** Timeseries events, batched per aspect and time range: one query for a page of entities. */
  timeseries(
    urn: string,
    aspectName: string,
    range: TimeRange,
    omit?: readonly string[],
  ): Promise<TimeseriesRow[]>;
  now: number;
}

function timeseriesLoaders(hub: EmbeddedHub): HubGraphqlContext['timeseries'] {
  const loaders = new Map<string, DataLoader<string, TimeseriesRow[]>>();
  return (urn, aspectName, range, omit = []) => {
    const key = JSON.stringify([aspectName, range.startTimeMillis, range.endTimeMillis, range.limit, omit]);
    let loader = loaders.get(key);
    if (!loader) {
      loader = keyedLoader<TimeseriesRow[]>(
        (urns) => hub.getTimeseriesMany(urns, aspectName, range, omit),
        () => [],
      );
      loaders.set(key, loader);
    }
    return loader.load(urn);
  };
}

export function createContext(hub: EmbeddedHub, store: Store): HubGraphqlContext {
  return {
    hub,
    store,
    now: Date.now(),
    aspects: keyedLoader<Map<string, StoredAspect>>(
      (urns) => hub.getLatestAspects(urns),
      () => new Map(),
    ),
    live: keyedLoader(
      async (urns) => new Map([...(await hub.getLive(urns))].map((urn) => [urn, true])),
      () => false,
    ),
    timeseries: timeseriesLoaders(hub),
    schemaVersions: keyedLoader<StoredAspect | null>(
      async (keys) => {
        const versions = new Map<string, number[]>();
        for (const key of keys) {
          const [version, urn] = key.split('\u0000') as [string, string];
          versions.set(urn, [...(versions.get(urn) ?? []), Number(version)]);
        }
        return hub.getAspectVersions('schemaMetadata', versions);
      },
      () => null,
    ),
    lineageEdges: {
      UPSTREAM: keyedLoader(
        (urns) => hub.getLineageEdges(urns, 'UPSTREAM'),
        () => [],
      ),
      DOWNSTREAM: keyedLoader(
        (urns) => hub.getLineageEdges(urns, 'DOWNSTREAM'),
        () => [],
      ),
    },
  };
}

/** What a resolver passes down for an entity: its urn and type; its aspects load lazily, in batches. */
export interface EntityRef {
  urn: string;
  entityType: string;
}

export function ref(urn: unknown): EntityRef | null {
  if (typeof urn !== 'string') return null;
  try {
    return { urn, entityType: parseUrn(urn).entityType };
  } catch {
    return null;
  }
}

function refs(urns: unknown): EntityRef[] {
  return asArray(urns)
    .map((u) => ref(typeof u === 'string' ? u : (str(asObject(u).destinationUrn) ?? str(asObject(u).string))))
    .filter((r): r is EntityRef => r !== null);
}

async function aspect(ctx: HubGraphqlContext, urn: string, name: string): Promise<JsonObject | undefined> {
  return (await ctx.aspects.load(urn)).get(name)?.value;
}

async function aspectsOf(ctx: HubGraphqlContext, urn: string): Promise<Map<string, JsonObject>> {
  const stored = await ctx.aspects.load(urn);
  return new Map([...stored].map(([k, v]) => [k, v.value]));
}

function parts(urn: string): string[] {
  try {
    return parseUrn(urn).parts;
  } catch {
    return [];
  }
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function numStr(value: unknown): string | null {
  if (value == null) return null;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T | null): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

function customProperties(
  urn: string,
  value: unknown,
): { key: string; value: string; associatedUrn: string }[] {
  return Object.entries(asObject(value)).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? v : JSON.stringify(v),
    associatedUrn: urn,
  }));
}

function auditStamp(value: unknown): { time: number; actor: string | null } {
  const o = asObject(value);
  return { time: num(o.time) ?? 0, actor: str(o.actor) ?? null };
}

// ------------------------------------------------------------------------------------------------ aspect mappers

function mapTags(urn: string, value: unknown) {
  if (value === undefined) return null;
  return {
    tags: asArray(asObject(value).tags)
      .map((t) => {
        const tag = ref(str(asObject(t).tag));
        return tag ? { tag, associatedUrn: urn, context: str(asObject(t).context) ?? null } : null;
      })
      .filter((t) => t !== null),
  };
}

function mapTerms(urn: string, value: unknown) {
  if (value === undefined) return null;
  const o = asObject(value);
  return {
    terms: asArray(o.terms)
      .map((t) => {
        const term = ref(str(asObject(t).urn));
        return term
          ? {
              term,
              actor: ref(str(asObject(o.auditStamp).actor)),
              context: str(asObject(t).context) ?? null,
              associatedUrn: urn,
            }
          : null;
      })
      .filter((t) => t !== null),
  };
}

const OWNERSHIP_TYPES = [
  'TECHNICAL_OWNER',
  'BUSINESS_OWNER',
  'DATA_STEWARD',
  'NONE',
  'CUSTOM',
  'DATAOWNER',
  'DEVELOPER',
  'DELEGATE',
  'PRODUCER',
  'STAKEHOLDER',
  'CONSUMER',
] as const;
const SOURCE_TYPES = [
  'AUDIT',
  'DATABASE',
  'FILE_SYSTEM',
  'ISSUE_TRACKING_SYSTEM',
  'MANUAL',
  'SERVICE',
  'SOURCE_CONTROL',
  'OTHER',
] as const;

function ownershipTypeName(typeUrn: string): string {
  const id = typeUrn.slice(typeUrn.lastIndexOf(':') + 1).replace(/^__system__/, '');
  return id
    .split('_')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function mapOwnership(urn: string, value: unknown) {
  if (value === undefined) return null;
  const o = asObject(value);
  return {
    owners: asArray(o.owners)
      .map((raw) => {
        const ow = asObject(raw);
        const owner = ref(str(ow.owner));
        if (!owner) return null;
        const typeUrn = str(ow.typeUrn);
        const source = asObject(ow.source);
        return {
          owner,
          type: oneOf(ow.type, OWNERSHIP_TYPES, 'NONE'),
          ownershipType: typeUrn
            ? {
                urn: typeUrn,
                type: 'CUSTOM_OWNERSHIP_TYPE',
                info: { name: ownershipTypeName(typeUrn), description: null },
              }
            : null,
          source: ow.source
            ? { type: oneOf(source.type, SOURCE_TYPES, 'OTHER'), url: str(source.url) ?? null }
            : null,
          associatedUrn: urn,
        };
      })
      .filter((x) => x !== null),
    lastModified: auditStamp(o.lastModified),
  };
}

function mapDomain(urn: string, value: unknown) {
  const domain = ref(str(asArray(asObject(value).domains)[0]));
  return domain ? { domain, associatedUrn: urn } : null;
}

const FIELD_TYPES: Record<string, string> = {
  BooleanType: 'BOOLEAN',
  FixedType: 'FIXED',
  StringType: 'STRING',
  BytesType: 'BYTES',
  NumberType: 'NUMBER',
  DateType: 'DATE',
  TimeType: 'TIME',
  EnumType: 'ENUM',
  NullType: 'NULL',
  MapType: 'MAP',
  ArrayType: 'ARRAY',
  UnionType: 'UNION',
  RecordType: 'STRUCT',
};

function fieldType(value: unknown): string {
  const inner = asObject(asObject(value).type);
  const key = Object.keys(inner)[0] ?? '';
  return FIELD_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'NULL';
}

function mapSchemaField(urn: string, f: JsonObject) {
  const tags = f.globalTags === undefined ? null : mapTags(urn, f.globalTags);
  return {
    fieldPath: str(f.fieldPath) ?? '',
    jsonPath: str(f.jsonPath) ?? null,
    label: str(f.label) ?? null,
    nullable: f.nullable === true,
    description: str(f.description) ?? null,
    type: fieldType(f.type),
    nativeDataType: str(f.nativeDataType) ?? null,
    recursive: f.recursive === true,
    globalTags: tags,
    tags,
    glossaryTerms: f.glossaryTerms === undefined ? null : mapTerms(urn, f.glossaryTerms),
    isPartOfKey: typeof f.isPartOfKey === 'boolean' ? f.isPartOfKey : null,
    isPartitioningKey: typeof f.isPartitioningKey === 'boolean' ? f.isPartitioningKey : null,
    jsonProps: str(f.jsonProps) ?? null,
  };
}

function mapSchemaMetadata(urn: string, stored: StoredAspect | undefined) {
  if (!stored) return null;
  const s = stored.value;
  return {
    aspectVersion: stored.version,
    datasetUrn: urn,
    name: str(s.schemaName) ?? '',
    platformUrn: str(s.platform) ?? '',
    version: num(s.version) ?? 0,
    cluster: str(s.cluster) ?? null,
    hash: str(s.hash) ?? '',
    fields: asArray(s.fields).map((f) => mapSchemaField(urn, asObject(f))),
    primaryKeys: asArray(s.primaryKeys).filter((k): k is string => typeof k === 'string'),
    foreignKeys: asArray(s.foreignKeys).map((fk) => ({
      name: str(asObject(fk).name) ?? null,
      foreignDataset: ref(str(asObject(fk).foreignDataset)),
    })),
    createdAt: num(asObject(s.created).time),
  };
}

function mapEditableSchema(urn: string, value: JsonObject | undefined) {
  if (!value) return null;
  return {
    editableSchemaFieldInfo: asArray(value.editableSchemaFieldInfo).map((raw) => {
      const f = asObject(raw);
      const tags = f.globalTags === undefined ? null : mapTags(urn, f.globalTags);
      return {
        fieldPath: str(f.fieldPath) ?? '',
        description: str(f.description) ?? null,
        globalTags: tags,
        tags,
        glossaryTerms: f.glossaryTerms === undefined ? null : mapTerms(urn, f.glossaryTerms),
      };
    }),
  };
}

const FABRICS = [
  'DEV',
  'TEST',
  'QA',
  'UAT',
  'EI',
  'PRE',
  'STG',
  'NON_PROD',
  'PROD',
  'CORP',
  'RVW',
  'SANDBOX',
] as const;
const PLATFORM_TYPES = [
  'FILE_SYSTEM',
  'KEY_VALUE_STORE',
  'MESSAGE_BROKER',
  'OBJECT_STORE',
  'OLAP_DATASTORE',
  'QUERY_ENGINE',
  'RELATIONAL_DB',
  'SEARCH_ENGINE',
  'OTHERS',
] as const;
const CHART_TYPES = [
  'BAR',
  'PIE',
  'SCATTER',
  'TABLE',
  'TEXT',
  'LINE',
  'AREA',
  'HISTOGRAM',
  'BOX_PLOT',
  'WORD_CLOUD',
  'COHORT',
] as const;
const OPERATION_TYPES = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'ALTER',
  'DROP',
  'CUSTOM',
  'UNKNOWN',
] as const;
const OPERATION_SOURCES = ['DATA_PROCESS', 'DATA_PLATFORM', 'MANUAL'] as const;
const PARTITION_TYPES = ['FULL_TABLE', 'QUERY', 'PARTITION'] as const;

function platformRef(platform: string | undefined): EntityRef {
  const name = platform ?? 'unknown';
  return {
    urn: name.startsWith('urn:li:dataPlatform:') ? name : `urn:li:dataPlatform:${name}`,
    entityType: 'dataPlatform',
  };
}

// ------------------------------------------------------------------------------------------------ timeseries

interface TimeArgs {
  startTimeMillis?: number | null;
  endTimeMillis?: number | null;
  limit?: number | null;
}

function timeRange(args: TimeArgs) {
  const range: { startTimeMillis?: number; endTimeMillis?: number; limit?: number } = {};
  if (args.startTimeMillis != null) range.startTimeMillis = args.startTimeMillis;
  if (args.endTimeMillis != null) range.endTimeMillis = args.endTimeMillis;
  if (args.limit != null) {
    if (args.limit < 0) throw badRequest('limit must not be negative');
    range.limit = Math.min(args.limit, 10_000);
  }
  return range;
}

export function mapProfile(row: TimeseriesRow) {
  const e = row.event;
  const partition = asObject(e.partitionSpec);
  return {
    timestampMillis: num(e.timestampMillis) ?? row.timestampMillis,
    rowCount: num(e.rowCount),
    columnCount: num(e.columnCount),
    sizeInBytes: num(e.sizeInBytes),
    fieldProfiles: asArray(e.fieldProfiles).map((raw) => {
      const p = asObject(raw);
      return {
        fieldPath: str(p.fieldPath) ?? '',
        uniqueCount: num(p.uniqueCount),
        uniqueProportion: num(p.uniqueProportion),
        nullCount: num(p.nullCount),
        nullProportion: num(p.nullProportion),
        min: numStr(p.min),
        max: numStr(p.max),
        mean: numStr(p.mean),
        median: numStr(p.median),
        stdev: numStr(p.stdev),
        sampleValues: asArray(p.sampleValues).map((v) => String(v)),
      };
    }),
    partitionSpec: e.partitionSpec
      ? {
          type: oneOf(partition.type, PARTITION_TYPES, 'PARTITION'),
          partition: str(partition.partition) ?? '',
        }
      : null,
  };
}

export function mapOperation(row: TimeseriesRow) {
  const e = row.event;
  return {
    timestampMillis: num(e.timestampMillis) ?? row.timestampMillis,
    lastUpdatedTimestamp: num(e.lastUpdatedTimestamp) ?? num(e.timestampMillis) ?? row.timestampMillis,
    actor: str(e.actor) ?? null,
    operationType: oneOf(e.operationType, OPERATION_TYPES, 'UNKNOWN'),
    customOperationType: str(e.customOperationType) ?? null,
    sourceType: oneOf(e.sourceType, OPERATION_SOURCES, null),
    numAffectedRows: num(e.numAffectedRows),
    affectedDatasets: asArray(e.affectedDatasets).filter((d): d is string => typeof d === 'string'),
    partition: str(asObject(e.partitionSpec).partition) ?? null,
    customProperties: Object.entries(asObject(e.customProperties)).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    })),
  };
}

const DAY = 86_400_000;
const RANGE_DAYS: Record<string, number | undefined> = {
  DAY: 1,
  WEEK: 7,
  MONTH: 30,
  QUARTER: 90,
  YEAR: 365,
  ALL: undefined,
};

interface UsageTotals {
  users: Map<string, { count: number; email: string | null }>;
  fields: Map<string, number>;
  totalSqlQueries: number;
  uniqueUserCount: number;
}

function sumUsage(rows: readonly TimeseriesRow[]): UsageTotals {
  const totals: UsageTotals = { users: new Map(), fields: new Map(), totalSqlQueries: 0, uniqueUserCount: 0 };
  for (const row of rows) {
    const e = row.event;
    totals.totalSqlQueries += num(e.totalSqlQueries) ?? 0;
    for (const raw of asArray(e.userCounts)) {
      const u = asObject(raw);
      const user = str(u.user) ?? str(u.userEmail);
      if (!user) continue;
      const prev = totals.users.get(user) ?? { count: 0, email: str(u.userEmail) ?? null };
      prev.count += num(u.count) ?? 0;
      totals.users.set(user, prev);
    }
    for (const raw of asArray(e.fieldCounts)) {
      const f = asObject(raw);
      const path = str(f.fieldPath);
      if (path) totals.fields.set(path, (totals.fields.get(path) ?? 0) + (num(f.count) ?? 0));
    }
  }
  totals.uniqueUserCount = totals.users.size;
  return totals;
}

function usageUsers(totals: UsageTotals) {
  return [...totals.users.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([user, v]) => ({
      user: user.startsWith('urn:li:corpuser:') ? ref(user) : null,
      count: v.count,
      userEmail: v.email,
    }));
}

function usageFields(totals: UsageTotals) {
  return [...totals.fields.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([fieldName, count]) => ({ fieldName, count }));
}

// ------------------------------------------------------------------------------------------------ relationships

interface RelationshipsArgs {
  input: {
    types: string[];
    direction: 'INCOMING' | 'OUTGOING';
    start?: number | null;
    count?: number | null;
  };
}

async function relationships(source: EntityRef, args: RelationshipsArgs, ctx: HubGraphqlContext) {
  const { types, direction } = args.input;
  const start = Math.max(0, args.input.start ?? 0);
  const count = Math.max(0, Math.min(args.input.count ?? 100, 10_000));
  const t = pgTextArray(types);
  const where =
    direction === 'OUTGOING'
      ? sql`source_urn = ${source.urn} and relationship_type = any(${t}::text[])`
      : sql`destination_urn = ${source.urn} and relationship_type = any(${t}::text[])`;
  const other = direction === 'OUTGOING' ? sql.raw('destination_urn') : sql.raw('source_urn');
  const [totalRow] = await ctx.store.query<{ total: number | string }>(
    sql`select count(*) as total from hub.relationship where ${where}`,
  );
  const rows = await ctx.store.query<{ urn: string; type: string; created_on: unknown }>(
    sql`select ${other} as urn, relationship_type as type, created_on from hub.relationship where ${where}
        order by ${other}, relationship_type limit ${count} offset ${start}`,
  );
  return {
    start,
    count: rows.length,
    total: Number(totalRow?.total ?? 0),
    relationships: rows.map((r) => ({
      type: r.type,
      direction,
      entity: ref(r.urn),
      created: r.created_on ? { time: new Date(r.created_on as string).getTime(), actor: null } : null,
    })),
  };
}

interface LineageArgs {
  input: {
    direction: LineageDirection;
    start?: number | null;
    count?: number | null;
    includeGhostEntities?: boolean | null;
  };
}

async function lineage(source: EntityRef, args: LineageArgs, ctx: HubGraphqlContext) {
  const start = Math.max(0, args.input.start ?? 0);
  const count = Math.max(0, Math.min(args.input.count ?? 100, 10_000));
  const edges = await ctx.lineageEdges[args.input.direction].load(source.urn);
  const seen = new Set<string>();
  const unique = edges.filter((e) => !seen.has(`${e.type} ${e.to}`) && seen.add(`${e.type} ${e.to}`));
  const live = args.input.includeGhostEntities
    ? unique.map(() => true)
    : await ctx.live.loadMany(unique.map((e) => e.to));
  const kept = unique.filter((_, i) => live[i]).sort((a, b) => a.to.localeCompare(b.to));
  return {
    start,
    count: Math.max(0, Math.min(count, kept.length - start)),
    total: kept.length,
    filtered: unique.length - kept.length,
    relationships: kept.slice(start, start + count).map((e) => ({
      type: e.type,
      entity: ref(e.to),
      degree: 1,
      createdOn: e.createdOn,
      createdActor: null,
      updatedOn: e.createdOn,
      updatedActor: null,
      isManual: null,
      paths: [{ path: [ref(source.urn), ref(e.to)] }],
    })),
  };
}

// ------------------------------------------------------------------------------------------------ search

interface FacetFilterArg {
  field: string;
  values?: string[] | null;
  value?: string | null;
  negated?: boolean | null;
  condition?: string | null;
}

interface SearchArgs {
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

function hubTypes(types: readonly string[] | null | undefined): string[] {
  return (types ?? []).map((t) => {
    const hubType = entityTypeFromGraphql(t);
    if (!hubType) throw badRequest(`Entity type ${t} is not searchable here`);
    return hubType;
  });
}

function orFilters(input: SearchArgs): FacetFilter[][] {
  const or = (input.orFilters ?? []).map((and) => [...(and.and ?? [])]);
  const legacy = input.filters ?? [];
  if (legacy.length === 0) return or;
  if (or.length === 0) return [[...legacy]];
  return or.map((and) => [...and, ...legacy]);
}

function pageArgs(start: number | null | undefined, count: number | null | undefined) {
  const s = start ?? 0;
  const c = count ?? 10;
  if (s < 0) throw badRequest('start must not be negative');
  if (c < 0) throw badRequest('count must not be negative');
  return { start: s, count: Math.min(c, 10_000) };
}

function facetMetadata(counts: readonly FacetCount[], fields: readonly string[]) {
  return fields.map((field) => ({
    field,
    displayName: FACET_DISPLAY_NAMES[field] ?? field,
    entity: null,
    aggregations: counts
      .filter((c) => c.field === field)
      .map((c) => ({
        value: field === '_entityType' ? graphqlEntityType(c.value) : c.value,
        count: c.count,
        entity: c.value.startsWith('urn:li:') ? ref(c.value) : null,
        displayName: null,
      })),
  }));
}

function searchResult(hit: SearchHit, query: string) {
  return {
    entity: { urn: hit.urn, entityType: hit.entity_type },
    insights: [],
    matchedFields: matchedFields(hit, query).map((m) => ({
      ...m,
      entity: m.value.startsWith('urn:li:') ? ref(m.value) : null,
    })),
  };
}

async function runSearch(input: SearchArgs, ctx: HubGraphqlContext, start: number, count: number) {
  const query = input.query ?? '*';
  const skipFacets = input.searchFlags?.skipAggregates === true;
  const outcome = await searchDocuments(ctx.store, {
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

function encodeScrollId(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

function decodeScrollId(scrollId: string | null | undefined): number {
  if (!scrollId) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(scrollId, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw badRequest(`Invalid scrollId ${JSON.stringify(scrollId)}`);
}

interface LineageSearchArgs extends SearchArgs {
  urn?: string | null;
  direction: LineageDirection;
  lineageFlags?: { ignoreAsHops?: { entityType: string; platforms?: string[] | null }[] | null } | null;
}

function degreeMatches(degree: number, values: readonly string[]): boolean {
  return values.some((v) => (v.endsWith('+') ? degree >= Number(v.slice(0, -1)) : degree === Number(v)));
}

async function searchAcrossLineage(input: LineageSearchArgs, ctx: HubGraphqlContext) {
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

// ------------------------------------------------------------------------------------------------ resolvers

type Resolver = (source: never, args: never, ctx: HubGraphqlContext, info: GraphQLResolveInfo) => unknown;
export type ResolverMap = Record<
  string,
  Record<string, Resolver> | { __resolveType: (value: unknown) => string | undefined }
>;

type R<S = EntityRef, A = Record<string, never>> = (
  source: S,
  args: A,
  ctx: HubGraphqlContext,
  info: GraphQLResolveInfo,
) => unknown;

/**
 * Whether the query selects this field of the resolved value. Fragment spreads are not followed: a query
 * using one is taken to select everything.
 */
function selects(info: GraphQLResolveInfo, field: string): boolean {
  const within = (selections: readonly SelectionNode[]): boolean =>
    selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === field
        : s.kind === Kind.FRAGMENT_SPREAD || within(s.selectionSet.selections),
    );
  return info.fieldNodes.some((node) => !node.selectionSet || within(node.selectionSet.selections));
}

function typed<S = EntityRef, A = Record<string, never>>(fn: R<S, A>): Resolver {
  return fn;
}

async function loadEntity(urn: string, ctx: HubGraphqlContext, expected?: string): Promise<EntityRef | null> {
  const r = ref(urn);
  if (!r) throw badRequest(`Invalid urn ${JSON.stringify(urn)}`);
  if (expected && r.entityType !== expected) return null;
  if (!isModelledEntityType(r.entityType)) return null;
  if (r.entityType === 'dataPlatform') return r;
  const aspects = await ctx.aspects.load(urn);
  return aspects.size > 0 ? r : null;
}

const commonEntityFields: Record<string, Resolver> = {
  urn: typed((s) => s.urn),
  type: typed((s) => graphqlEntityType(s.entityType)),
  relationships: typed<EntityRef, RelationshipsArgs>((s, a, ctx) => relationships(s, a, ctx)),
  lineage: typed<EntityRef, LineageArgs>((s, a, ctx) => lineage(s, a, ctx)),
  exists: typed(async (s, _a, ctx) => (await ctx.aspects.load(s.urn)).size > 0),
  ownership: typed(async (s, _a, ctx) => mapOwnership(s.urn, await aspect(ctx, s.urn, 'ownership'))),
  tags: typed(async (s, _a, ctx) => mapTags(s.urn, await aspect(ctx, s.urn, 'globalTags'))),
  globalTags: typed(async (s, _a, ctx) => mapTags(s.urn, await aspect(ctx, s.urn, 'globalTags'))),
  glossaryTerms: typed(async (s, _a, ctx) => mapTerms(s.urn, await aspect(ctx, s.urn, 'glossaryTerms'))),
  domain: typed(async (s, _a, ctx) => mapDomain(s.urn, await aspect(ctx, s.urn, 'domains'))),
  container: typed(async (s, _a, ctx) => ref(str((await aspect(ctx, s.urn, 'container'))?.container))),
  parentContainers: typed(async (s, _a, ctx) => {
    const containers: EntityRef[] = [];
    let current = str((await aspect(ctx, s.urn, 'container'))?.container);
    while (current && containers.length < 20 && !containers.some((c) => c.urn === current)) {
      const r = ref(current);
      if (!r) break;
      containers.push(r);
      current = str((await aspect(ctx, current, 'container'))?.container);
    }
    return { count: containers.length, containers };
  }),
  subTypes: typed(async (s, _a, ctx) => {
    const v = await aspect(ctx, s.urn, 'subTypes');
    return v ? { typeNames: asArray(v.typeNames).filter((t) => typeof t === 'string') } : null;
  }),
  status: typed(async (s, _a, ctx) => {
    const v = await aspect(ctx, s.urn, 'status');
    return v ? { removed: v.removed === true } : null;
  }),
  deprecation: typed(async (s, _a, ctx) => {
    const v = await aspect(ctx, s.urn, 'deprecation');
    return v
      ? {
          deprecated: v.deprecated === true,
          decommissionTime: num(v.decommissionTime),
          note: str(v.note) ?? '',
          actor: str(v.actor) ?? null,
        }
      : null;
  }),
  institutionalMemory: typed(async (s, _a, ctx) => {
    const v = await aspect(ctx, s.urn, 'institutionalMemory');
    if (!v) return null;
    return {
      elements: asArray(v.elements).map((raw) => {
        const e = asObject(raw);
        return {
          url: str(e.url) ?? '',
          label: str(e.description) ?? '',
          description: str(e.description) ?? '',
          created: auditStamp(e.createStamp),
          associatedUrn: s.urn,
        };
      }),
    };
  }),
};

function nameAndProps(entityType: string) {
  return async (s: EntityRef, ctx: HubGraphqlContext) => {
    const aspects = await aspectsOf(ctx, s.urn);
    return {
      aspects,
      name: entityDisplayName(s.urn, entityType, aspects),
      description: entityDescription(entityType, aspects) ?? null,
    };
  };
}

function editableDescription(aspectName: string): Resolver {
  return typed(async (s, _a, ctx) => {
    const v = await aspect(ctx, s.urn, aspectName);
    return v ? { description: str(v.description) ?? null, name: str(v.name) ?? null } : null;
  });
}

function infoProps(urn: string, info: JsonObject) {
  const lastModified = asObject(info.lastModified);
  return {
    name: str(info.title) ?? str(info.name) ?? urnDisplayId(urn),
    description: str(info.description) ?? null,
    externalUrl: str(info.externalUrl) ?? str(info.chartUrl) ?? str(info.dashboardUrl) ?? null,
    customProperties: customProperties(urn, info.customProperties),
    lastModified: auditStamp(lastModified.lastModified),
    created: auditStamp(lastModified.created),
  };
}

export const resolvers: ResolverMap = {
  Query: {
    dataset: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataset')),
    dataPlatform: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataPlatform')),
    corpUser: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'corpuser')),
    corpGroup: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'corpGroup')),
    dashboard: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dashboard')),
    chart: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'chart')),
    dataFlow: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataFlow')),
    dataJob: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataJob')),
    tag: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'tag')),
    glossaryTerm: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'glossaryTerm')),
    glossaryNode: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'glossaryNode')),
    container: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'container')),
    domain: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'domain')),
    dataProduct: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataProduct')),
    entityExists: typed<unknown, { urn: string }>(async (_s, a, ctx) => {
      if (!ref(a.urn)) throw badRequest(`Invalid urn ${JSON.stringify(a.urn)}`);
      return (await ctx.aspects.load(a.urn)).size > 0;
    }),
    entity: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx)),
    entities: typed<unknown, { urns: string[] }>((_s, a, ctx) => {
      if (a.urns.length > 1000) throw badRequest('entities accepts at most 1000 urns');
      return Promise.all(a.urns.map((u) => (ref(u) ? loadEntity(u, ctx) : Promise.resolve(null))));
    }),
    searchAcrossEntities: typed<unknown, { input: SearchArgs }>(async (_s, a, ctx) => {
      const { start, count } = pageArgs(a.input.start, a.input.count);
      const { outcome, searchResults, facets } = await runSearch(a.input, ctx, start, count);
      return { start, count: searchResults.length, total: outcome.total, searchResults, facets };
    }),
    scrollAcrossEntities: typed<unknown, { input: SearchArgs }>(async (_s, a, ctx) => {
      const offset = decodeScrollId(a.input.scrollId);
      const { count } = pageArgs(0, a.input.count);
      const { outcome, searchResults, facets } = await runSearch(a.input, ctx, offset, count);
      const next = offset + searchResults.length;
      return {
        nextScrollId: searchResults.length > 0 && next < outcome.total ? encodeScrollId(next) : null,
        count: searchResults.length,
        total: outcome.total,
        searchResults,
        facets,
      };
    }),
    searchAcrossLineage: typed<unknown, { input: LineageSearchArgs }>((_s, a, ctx) =>
      searchAcrossLineage(a.input, ctx),
    ),
  },

  Entity: { __resolveType: resolveEntityType },
  EntityWithRelationships: { __resolveType: resolveEntityType },
  OwnerType: {
    __resolveType: (value: unknown) =>
      (value as EntityRef).entityType === 'corpGroup' ? 'CorpGroup' : 'CorpUser',
  },

  Dataset: {
    ...commonEntityFields,
    lastIngested: typed(async (s, _a, ctx) => {
      let last: number | null = null;
      for (const a of (await ctx.aspects.load(s.urn)).values()) {
        const t = num(a.systemMetadata?.lastObserved);
        if (t !== null && (last === null || t > last)) last = t;
      }
      return last;
    }),
    platform: typed((s) => platformRef(parts(s.urn)[0])),
    name: typed((s) => parts(s.urn)[1] ?? s.urn),
    origin: typed((s) => oneOf(parts(s.urn)[2], FABRICS, 'PROD')),
    description: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'datasetProperties'))?.description) ?? null,
    ),
    properties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'datasetProperties');
      if (!p) return null;
      const created = asObject(p.created);
      const lastModified = asObject(p.lastModified);
      return {
        name: str(p.name) ?? parts(s.urn)[1] ?? s.urn,
        qualifiedName: str(p.qualifiedName) ?? null,
        origin: oneOf(parts(s.urn)[2], FABRICS, 'PROD'),
        description: str(p.description) ?? null,
        customProperties: customProperties(s.urn, p.customProperties),
        externalUrl: str(p.externalUrl) ?? null,
        created: num(created.time),
        createdActor: str(created.actor) ?? null,
        lastModified: auditStamp(lastModified),
        lastModifiedActor: str(lastModified.actor) ?? null,
      };
    }),
    editableProperties: editableDescription('editableDatasetProperties'),
    schemaMetadata: typed<EntityRef, { version?: number | null }>(async (s, a, ctx) => {
      if (a.version != null && a.version !== 0) {
        const stored = await ctx.schemaVersions.load(aspectVersionKey(s.urn, a.version));
        return mapSchemaMetadata(s.urn, stored ?? undefined);
      }
      return mapSchemaMetadata(s.urn, (await ctx.aspects.load(s.urn)).get('schemaMetadata'));
    }),
    editableSchemaMetadata: typed(async (s, _a, ctx) =>
      mapEditableSchema(s.urn, await aspect(ctx, s.urn, 'editableSchemaMetadata')),
    ),
    viewProperties: typed(async (s, _a, ctx) => {
      const v = await aspect(ctx, s.urn, 'viewProperties');
      return v
        ? {
            materialized: v.materialized === true,
            logic: str(v.viewLogic) ?? '',
            formattedLogic: str(v.formattedViewLogic) ?? null,
            language: str(v.viewLanguage) ?? '',
          }
        : null;
    }),
    siblings: typed(async (s, _a, ctx) => {
      const v = await aspect(ctx, s.urn, 'siblings');
      return v ? { isPrimary: v.primary === true, siblings: refs(v.siblings) } : null;
    }),
    datasetProfiles: typed<EntityRef, TimeArgs>(async (s, a, ctx, info) =>
      (
        await ctx.timeseries(
          s.urn,
          'datasetProfile',
          timeRange(a),
          selects(info, 'fieldProfiles') ? [] : ['fieldProfiles'],
        )
      ).map(mapProfile),
    ),
    operations: typed<EntityRef, TimeArgs>(async (s, a, ctx) =>
      (await ctx.timeseries(s.urn, 'operation', timeRange(a))).map(mapOperation),
    ),
    usageStats: typed<EntityRef, { range?: string | null }>(async (s, a, ctx) => {
      const days = RANGE_DAYS[a.range ?? 'MONTH'];
      const rows = await ctx.timeseries(
        s.urn,
        'datasetUsageStatistics',
        days === undefined ? { limit: 10_000 } : { startTimeMillis: ctx.now - days * DAY, limit: 10_000 },
      );
      const totals = sumUsage(rows);
      return {
        buckets: rows.map((row) => {
          const t = sumUsage([row]);
          const unit = str(asObject(row.event.eventGranularity).unit);
          return {
            bucket: row.timestampMillis,
            duration: oneOf(unit, ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const, 'DAY'),
            resource: s.urn,
            metrics: {
              uniqueUserCount: num(row.event.uniqueUserCount) ?? t.uniqueUserCount,
              users: usageUsers(t),
              totalSqlQueries: num(row.event.totalSqlQueries) ?? 0,
              topSqlQueries: asArray(row.event.topSqlQueries).map(String),
              fields: usageFields(t),
            },
          };
        }),
        aggregations: {
          uniqueUserCount: totals.uniqueUserCount,
          users: usageUsers(totals),
          fields: usageFields(totals),
          totalSqlQueries: totals.totalSqlQueries,
        },
      };
    }),
    statsSummary: typed(async (s, _a, ctx) => {
      const rows = await ctx.timeseries(s.urn, 'datasetUsageStatistics', {
        startTimeMillis: ctx.now - 30 * DAY,
        limit: 10_000,
      });
      if (rows.length === 0) return null;
      const totals = sumUsage(rows);
      return {
        queryCountLast30Days: totals.totalSqlQueries,
        queryCountPercentileLast30Days: null,
        uniqueUserCountLast30Days: totals.uniqueUserCount,
        uniqueUserPercentileLast30Days: null,
        topUsersLast30Days: usageUsers(totals)
          .map((u) => u.user)
          .filter((u) => u !== null)
          .slice(0, 5),
      };
    }),
  },

  DataPlatform: {
    ...commonEntityFields,
    name: typed((s) => parts(s.urn)[0] ?? s.urn),
    displayName: typed(
      async (s, _a, ctx) =>
        str((await aspect(ctx, s.urn, 'dataPlatformInfo'))?.displayName) ?? parts(s.urn)[0] ?? null,
    ),
    properties: typed(async (s, _a, ctx) => {
      const info = (await aspect(ctx, s.urn, 'dataPlatformInfo')) ?? {};
      return {
        type: oneOf(info.type, PLATFORM_TYPES, 'OTHERS'),
        displayName: str(info.displayName) ?? parts(s.urn)[0] ?? null,
        datasetNameDelimiter: str(info.datasetNameDelimiter) ?? '.',
        logoUrl: str(info.logoUrl) ?? null,
      };
    }),
  },

  GlossaryTerm: {
    ...commonEntityFields,
    name: typed((s) => urnDisplayId(s.urn)),
    hierarchicalName: typed((s) => urnDisplayId(s.urn)),
    properties: typed(async (s, _a, ctx) => {
      const info = await aspect(ctx, s.urn, 'glossaryTermInfo');
      if (!info) return null;
      return {
        name: str(info.name) ?? urnDisplayId(s.urn),
        description: str(info.definition) ?? null,
        definition: str(info.definition) ?? '',
        termSource: str(info.termSource) ?? 'INTERNAL',
        sourceRef: str(info.sourceRef) ?? null,
        sourceUrl: str(info.sourceUrl) ?? null,
        customProperties: customProperties(s.urn, info.customProperties),
      };
    }),
    parentNodes: typed((s, _a, ctx) =>
      parentChain(s.urn, ctx, 'glossaryTermInfo', 'glossaryNodeInfo', 'parentNode'),
    ),
  },

  GlossaryNode: {
    ...commonEntityFields,
    properties: typed(async (s, _a, ctx) => {
      const info = await aspect(ctx, s.urn, 'glossaryNodeInfo');
      if (!info) return null;
      return {
        name: str(info.name) ?? urnDisplayId(s.urn),
        description: str(info.definition) ?? null,
        customProperties: customProperties(s.urn, info.customProperties),
      };
    }),
    parentNodes: typed((s, _a, ctx) =>
      parentChain(s.urn, ctx, 'glossaryNodeInfo', 'glossaryNodeInfo', 'parentNode'),
    ),
  },

  Domain: {
    ...commonEntityFields,
    id: typed((s) => urnDisplayId(s.urn)),
    properties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'domainProperties');
      return p ? { name: str(p.name) ?? urnDisplayId(s.urn), description: str(p.description) ?? null } : null;
    }),
    parentDomains: typed(async (s, _a, ctx) => {
      const chain = await parentChain(s.urn, ctx, 'domainProperties', 'domainProperties', 'parentDomain');
      return { count: chain.count, domains: chain.nodes };
    }),
  },

  Tag: {
    ...commonEntityFields,
    name: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'tagProperties'))?.name) ?? urnDisplayId(s.urn),
    ),
    description: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'tagProperties'))?.description) ?? null,
    ),
    properties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'tagProperties');
      return p
        ? {
            name: str(p.name) ?? urnDisplayId(s.urn),
            description: str(p.description) ?? null,
            colorHex: str(p.colorHex) ?? null,
          }
        : null;
    }),
  },

  CorpUser: {
    ...commonEntityFields,
    username: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'corpUserKey'))?.username) ?? urnDisplayId(s.urn),
    ),
    properties: typed(async (s, _a, ctx) => corpUserInfo(s, ctx)),
    info: typed(async (s, _a, ctx) => corpUserInfo(s, ctx)),
    editableProperties: typed(async (s, _a, ctx) => {
      const e = await aspect(ctx, s.urn, 'corpUserEditableInfo');
      if (!e) return null;
      const strings = (v: unknown) => asArray(v).filter((x): x is string => typeof x === 'string');
      return {
        displayName: str(e.displayName) ?? null,
        title: str(e.title) ?? null,
        aboutMe: str(e.aboutMe) ?? null,
        teams: strings(e.teams),
        skills: strings(e.skills),
        pictureLink: str(e.pictureLink) ?? null,
        slack: str(e.slack) ?? null,
        phone: str(e.phone) ?? null,
        email: str(e.email) ?? null,
      };
    }),
    status: typed(async (s, _a, ctx) =>
      str((await aspect(ctx, s.urn, 'corpUserStatus'))?.status) === 'ACTIVE' ? 'ACTIVE' : null,
    ),
    isNativeUser: typed(
      async (s, _a, ctx) => (await aspect(ctx, s.urn, 'corpUserCredentials')) !== undefined,
    ),
  },

  CorpGroup: {
    ...commonEntityFields,
    name: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'corpGroupKey'))?.name) ?? urnDisplayId(s.urn),
    ),
    properties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'corpGroupInfo');
      return p
        ? {
            displayName: str(p.displayName) ?? null,
            description: str(p.description) ?? null,
            slack: str(p.slack) ?? null,
            email: str(p.email) ?? null,
          }
        : null;
    }),
    editableProperties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'corpGroupEditableInfo');
      return p
        ? {
            description: str(p.description) ?? null,
            slack: str(p.slack) ?? null,
            email: str(p.email) ?? null,
          }
        : null;
    }),
  },

  Container: {
    ...commonEntityFields,
    platform: typed(async (s, _a, ctx) => {
      const instance = str((await aspect(ctx, s.urn, 'dataPlatformInstance'))?.platform);
      const fromProps = str(
        asObject((await aspect(ctx, s.urn, 'containerProperties'))?.customProperties).platform,
      );
      return platformRef(instance ?? fromProps);
    }),
    properties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'containerProperties');
      return p
        ? {
            name: str(p.name) ?? urnDisplayId(s.urn),
            description: str(p.description) ?? null,
            customProperties: customProperties(s.urn, p.customProperties),
            externalUrl: str(p.externalUrl) ?? null,
            qualifiedName: str(p.qualifiedName) ?? null,
          }
        : null;
    }),
    editableProperties: editableDescription('editableContainerProperties'),
    entities: typed<
      EntityRef,
      {
        input?: {
          query?: string | null;
          start?: number | null;
          count?: number | null;
          filters?: FacetFilterArg[] | null;
        } | null;
      }
    >(async (s, a, ctx) => {
      const input = a.input ?? {};
      const { start, count } = pageArgs(input.start, input.count);
      const { outcome, searchResults, facets } = await runSearch(
        {
          query: input.query ?? '*',
          filters: [...(input.filters ?? []), { field: 'container', values: [s.urn] }],
        },
        ctx,
        start,
        count,
      );
      return { start, count: searchResults.length, total: outcome.total, searchResults, facets };
    }),
  },

  Chart: {
    ...commonEntityFields,
    tool: typed((s) => parts(s.urn)[0] ?? ''),
    chartId: typed((s) => parts(s.urn)[1] ?? ''),
    platform: typed((s) => platformRef(parts(s.urn)[0])),
    properties: typed(async (s, _a, ctx) => {
      const info = await aspect(ctx, s.urn, 'chartInfo');
      return info ? { ...infoProps(s.urn, info), type: oneOf(info.type, CHART_TYPES, null) } : null;
    }),
    editableProperties: editableDescription('editableChartProperties'),
  },

  Dashboard: {
    ...commonEntityFields,
    tool: typed((s) => parts(s.urn)[0] ?? ''),
    dashboardId: typed((s) => parts(s.urn)[1] ?? ''),
    platform: typed((s) => platformRef(parts(s.urn)[0])),
    properties: typed(async (s, _a, ctx) => {
      const info = await aspect(ctx, s.urn, 'dashboardInfo');
      return info ? infoProps(s.urn, info) : null;
    }),
    editableProperties: editableDescription('editableDashboardProperties'),
  },

  DataFlow: {
    ...commonEntityFields,
    orchestrator: typed((s) => parts(s.urn)[0] ?? ''),
    flowId: typed((s) => parts(s.urn)[1] ?? ''),
    cluster: typed((s) => parts(s.urn)[2] ?? ''),
    platform: typed((s) => platformRef(parts(s.urn)[0])),
    properties: typed(async (s, _a, ctx) => {
      const info = await aspect(ctx, s.urn, 'dataFlowInfo');
      return info
        ? {
            name: str(info.name) ?? urnDisplayId(s.urn),
            description: str(info.description) ?? null,
            project: str(info.project) ?? null,
            externalUrl: str(info.externalUrl) ?? null,
            customProperties: customProperties(s.urn, info.customProperties),
          }
        : null;
    }),
    editableProperties: editableDescription('editableDataFlowProperties'),
  },

  DataJob: {
    ...commonEntityFields,
    dataFlow: typed((s) => ref(parts(s.urn)[0])),
    jobId: typed((s) => parts(s.urn)[1] ?? ''),
    platform: typed((s) => platformRef(parts(parts(s.urn)[0] ?? '')[0])),
    properties: typed(async (s, _a, ctx) => {
      const info = await aspect(ctx, s.urn, 'dataJobInfo');
      return info
        ? {
            name: str(info.name) ?? urnDisplayId(s.urn),
            description: str(info.description) ?? null,
            externalUrl: str(info.externalUrl) ?? null,
            customProperties: customProperties(s.urn, info.customProperties),
          }
        : null;
    }),
    editableProperties: editableDescription('editableDataJobProperties'),
    inputOutput: typed(async (s, _a, ctx) => {
      const io = await aspect(ctx, s.urn, 'dataJobInputOutput');
      if (!io) return null;
      return {
        inputDatasets: [...refs(io.inputDatasets), ...refs(io.inputDatasetEdges)],
        outputDatasets: [...refs(io.outputDatasets), ...refs(io.outputDatasetEdges)],
        inputDatajobs: [...refs(io.inputDatajobs), ...refs(io.inputDatajobEdges)],
      };
    }),
  },

  DataProduct: {
    ...commonEntityFields,
    properties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'dataProductProperties');
      const { name, description } = await nameAndProps('dataProduct')(s, ctx);
      return p
        ? {
            name,
            description,
            externalUrl: str(p.externalUrl) ?? null,
            numAssets: asArray(p.assets).length,
            customProperties: customProperties(s.urn, p.customProperties),
          }
        : null;
    }),
  },
};

function resolveEntityType(value: unknown): string | undefined {
  const entityType = (value as EntityRef | null)?.entityType;
  return entityType ? ENTITY_TYPES[entityType]?.typeName : undefined;
}

async function corpUserInfo(s: EntityRef, ctx: HubGraphqlContext) {
  const info = await aspect(ctx, s.urn, 'corpUserInfo');
  if (!info) return null;
  return {
    active: info.active !== false,
    displayName: str(info.displayName) ?? null,
    title: str(info.title) ?? null,
    managerUrn: str(info.managerUrn) ?? null,
    departmentId: num(info.departmentId),
    departmentName: str(info.departmentName) ?? null,
    firstName: str(info.firstName) ?? null,
    lastName: str(info.lastName) ?? null,
    fullName: str(info.fullName) ?? null,
    countryCode: str(info.countryCode) ?? null,
    email: str(info.email) ?? null,
    customProperties: customProperties(s.urn, info.customProperties),
  };
}

async function parentChain(
  urn: string,
  ctx: HubGraphqlContext,
  firstAspect: string,
  parentAspect: string,
  key: string,
): Promise<{ count: number; nodes: EntityRef[] }> {
  const nodes: EntityRef[] = [];
  let current = str((await aspect(ctx, urn, firstAspect))?.[key]);
  while (current && nodes.length < 20 && !nodes.some((n) => n.urn === current)) {
    const r = ref(current);
    if (!r) break;
    nodes.push(r);
    current = str((await aspect(ctx, current, parentAspect))?.[key]);
  }
  return { count: nodes.length, nodes };
}

export type { OrFilters };
