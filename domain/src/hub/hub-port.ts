import type { Store } from '../store/db.js';
import type { BuiltReadCache, EmbeddedHub, TimeRange, TimeseriesRow } from './embedded-hub.js';
import { createHubGraphql, type GraphqlRequest } from './graphql/index.js';
import { mapOperation, mapProfile } from './graphql/resolvers.js';

/**
 * The hub port: the one way DataSpoke reads DataHub. Every method takes many urns and answers them in one
 * call, so per-request loaders can batch a whole GraphQL level into it. Results are DataHub-shaped: DataHub
 * GraphQL's own type and field names, exactly as DataHub's `/api/graphql` returns them for the documents
 * below. The embedded adapter runs those documents in-process against the embedded hub; a GMS adapter sends
 * the same documents over HTTP to a real DataHub, so both adapters share every mapping.
 */

// ------------------------------------------------------------------------------------------------ shapes

export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM';

/** An entity as a reference: enough to resolve it later. */
export interface HubEntityRef {
  __typename: string;
  urn: string;
  type: string;
}

export interface HubCustomProperty {
  key: string;
  value: string | null;
  associatedUrn?: string;
}

export interface HubTagAssociation {
  tag: HubEntityRef;
  associatedUrn: string;
  context: string | null;
}

export interface HubGlobalTags {
  tags: HubTagAssociation[] | null;
}

export interface HubGlossaryTerms {
  terms: { term: HubEntityRef; associatedUrn: string; context: string | null }[] | null;
}

export interface HubSchemaField {
  fieldPath: string;
  type: string;
  nativeDataType: string | null;
  description: string | null;
  nullable: boolean;
  isPartOfKey: boolean | null;
  isPartitioningKey: boolean | null;
  tags: HubGlobalTags | null;
  glossaryTerms: HubGlossaryTerms | null;
}

export interface HubEditableSchemaFieldInfo {
  fieldPath: string;
  description: string | null;
  tags: HubGlobalTags | null;
  glossaryTerms: HubGlossaryTerms | null;
}

export interface HubOwner {
  owner: HubEntityRef;
  type: string | null;
  ownershipType: {
    urn: string;
    type: string;
    info: { name: string; description: string | null } | null;
  } | null;
  associatedUrn: string;
}

/** A dataset with the aspects the subgraphs serve, in DataHub GraphQL's shape. */
export interface HubDataset extends HubEntityRef {
  name: string;
  lastIngested: number | null;
  platform: HubEntityRef & { name: string; properties: { displayName: string | null; type: string } | null };
  properties: {
    name: string;
    description: string | null;
    qualifiedName: string | null;
    customProperties: HubCustomProperty[] | null;
    externalUrl: string | null;
    created: number | null;
    lastModified: { time: number; actor: string | null } | null;
  } | null;
  editableProperties: { description: string | null; name: string | null } | null;
  schemaMetadata: {
    name: string;
    platformUrn: string;
    version: number;
    hash: string;
    primaryKeys: string[] | null;
    fields: HubSchemaField[];
  } | null;
  editableSchemaMetadata: { editableSchemaFieldInfo: HubEditableSchemaFieldInfo[] } | null;
  tags: HubGlobalTags | null;
  glossaryTerms: HubGlossaryTerms | null;
  ownership: {
    owners: HubOwner[] | null;
    lastModified: { time: number; actor: string | null } | null;
  } | null;
  domain: { domain: HubEntityRef; associatedUrn: string } | null;
  subTypes: { typeNames: string[] | null } | null;
  container: HubEntityRef | null;
  status: { removed: boolean } | null;
  deprecation: {
    deprecated: boolean;
    note: string | null;
    decommissionTime: number | null;
    actor: string | null;
  } | null;
}

/** Just enough of a dataset to count and group it (catalog summaries). */
export interface HubDatasetSummary {
  urn: string;
  platform: { urn: string; name: string };
  domain: { domain: { urn: string } } | null;
  tags: { tags: { tag: { urn: string } }[] | null } | null;
  properties: { customProperties: HubCustomProperty[] | null } | null;
}

/** Any other entity (user, group, term, domain, tag, platform, container, job, chart, dashboard). */
export interface HubEntity extends HubEntityRef {
  [field: string]: unknown;
}

export interface HubLineageRelationship {
  type: string;
  degree: number;
  createdOn: number | null;
  entity: HubEntityRef | null;
}

export interface HubLineage {
  total: number;
  relationships: HubLineageRelationship[];
}

export interface HubOperation {
  timestampMillis: number;
  lastUpdatedTimestamp: number;
  operationType: string;
  numAffectedRows: number | null;
  actor: string | null;
  partition: string | null;
}

/** A datasetProfile timeseries event in DataHub GraphQL's shape (min, max, mean are strings there). */
export interface HubDatasetProfile {
  timestampMillis: number;
  rowCount: number | null;
  columnCount: number | null;
  sizeInBytes: number | null;
  fieldProfiles:
    | {
        fieldPath: string;
        uniqueCount: number | null;
        uniqueProportion: number | null;
        nullCount: number | null;
        nullProportion: number | null;
        min: string | null;
        max: string | null;
        mean: string | null;
        /** Present when the read asked for them (HubProfileSelection.sampleValues). */
        sampleValues?: string[] | null;
      }[]
    | null;
}

/**
 * What checking a dataset needs of it (the validator): name, descriptions, owners, domain, deprecation and
 * schema field paths, in DataHub GraphQL's shape, without tags, terms or field details.
 */
export interface HubDatasetOutline {
  urn: string;
  name: string;
  properties: { name: string; description: string | null } | null;
  editableProperties: { description: string | null } | null;
  ownership: { owners: { owner: { urn: string } }[] | null } | null;
  domain: { domain: { urn: string } } | null;
  deprecation: { deprecated: boolean } | null;
  schemaMetadata: { fields: { fieldPath: string }[] } | null;
}

/** What a profile read returns besides the table-level numbers. */
export interface HubProfileSelection {
  /** Column profiles (`fieldProfiles`); without them (false) events carry `fieldProfiles: null`. Default true. */
  fieldProfiles?: boolean;
  /** With column profiles, their sample values too (categorical value hints). Default false. */
  sampleValues?: boolean;
}

/** What getDatasetHistories reads of each dataset besides its outline; a history not asked for is not read. */
export interface HubHistoryRequest {
  profiles?: HubTimeRange & HubProfileSelection;
  operations?: HubTimeRange;
  /** Earlier schemaMetadata versions to read besides the latest, as getSchemaHistory's `depth`. */
  schemaDepth?: number;
}

/** A dataset's outline with the histories a HubHistoryRequest asked for (empty lists for those it did not). */
export interface HubDatasetHistory {
  outline: HubDatasetOutline;
  /** Newest first. */
  profiles: HubDatasetProfile[];
  /** Newest first. */
  operations: HubOperation[];
  /** As getSchemaHistory: 0 (the latest) first, then earlier versions from the most recent. */
  schemaVersions: HubSchemaVersion[];
}

/** A version of a dataset's schemaMetadata aspect: 0 the latest, earlier ones ≥ 1 (higher is more recent in GMS). */
export interface HubSchemaVersion {
  aspectVersion: number;
  createdAt: number | null;
  fields: { fieldPath: string; type: string; nativeDataType: string | null }[];
}

export interface HubTimeRange {
  startTimeMillis?: number;
  endTimeMillis?: number;
  /** Newest first, at most this many events per entity. */
  limit?: number;
}

export interface HubFacetFilter {
  /** DataHub search field: platform, domains, tags, glossaryTerms, owners, … */
  field: string;
  values: string[];
  condition?: string;
  negated?: boolean;
}

export interface HubSearchRequest {
  /** DataHub EntityType enum values, e.g. DATASET. */
  types: string[];
  query: string;
  /** All must hold. */
  filters?: HubFacetFilter[];
  start: number;
  count: number;
  /** Facet counts are skipped unless asked for. */
  facets?: boolean;
}

export interface HubSearchPage {
  start: number;
  count: number;
  total: number;
  hits: { entity: HubEntityRef; matchedFields: { name: string; value: string }[] }[];
  facets: { field: string; aggregations: { value: string; count: number }[] }[];
}

export interface HubScrollPage {
  nextScrollId: string | null;
  total: number;
  datasets: HubDatasetSummary[];
}

export interface HubPort {
  readonly kind: 'embedded' | 'gms';
  /** Datasets by urn; an unknown urn is absent from the map. */
  getDatasets(urns: readonly string[]): Promise<Map<string, HubDataset>>;
  /** Entities of the other modelled types by urn; an unknown urn is absent from the map. */
  getEntities(urns: readonly string[]): Promise<Map<string, HubEntity>>;
  /** One hop of lineage from each urn. */
  getLineage(urns: readonly string[], direction: LineageDirection): Promise<Map<string, HubLineage>>;
  /** Operation history (DataHub's `operation` timeseries aspect) of each dataset, newest first. */
  getOperations(urns: readonly string[], range: HubTimeRange): Promise<Map<string, HubOperation[]>>;
  /**
   * Profile history (DataHub's `datasetProfile` timeseries aspect) of each dataset, newest first; with
   * `{ fieldProfiles: false }` only the table-level numbers (a much lighter read of long histories).
   */
  getProfiles(
    urns: readonly string[],
    range: HubTimeRange,
    selection?: HubProfileSelection,
  ): Promise<Map<string, HubDatasetProfile[]>>;
  /** Datasets in outline (HubDatasetOutline): a much lighter read than getDatasets; unknown urns are absent. */
  getDatasetOutlines(urns: readonly string[]): Promise<Map<string, HubDatasetOutline>>;
  /**
   * Datasets in outline with their profile, operation and schema histories, in one read: the same answers as
   * getDatasetOutlines, getProfiles, getOperations and getSchemaHistory, for one round trip instead of four.
   * Unknown urns are absent.
   */
  getDatasetHistories(
    urns: readonly string[],
    request: HubHistoryRequest,
  ): Promise<Map<string, HubDatasetHistory>>;
  /**
   * The latest schemaMetadata (aspectVersion 0) and up to `depth` earlier versions of each dataset, in aspect
   * version order (0, then GMS's most recent earlier version first).
   */
  getSchemaHistory(urns: readonly string[], depth: number): Promise<Map<string, HubSchemaVersion[]>>;
  /** Keyword search with DataHub's filter fields, as searchAcrossEntities. */
  search(request: HubSearchRequest): Promise<HubSearchPage>;
  /** Every dataset, page by page, as scrollAcrossEntities. */
  scrollDatasets(request: { scrollId?: string | null; count: number }): Promise<HubScrollPage>;
}

/** The hub failed or could not be reached; `code` is what callers report. */
export class HubPortError extends Error {
  constructor(
    readonly code: 'DATAHUB_UNAVAILABLE' | 'DATAHUB_ERROR' | 'BAD_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'HubPortError';
  }
}

// ------------------------------------------------------------------------------------------------ documents

const REF = '__typename urn type';
const TAG = `tag { ${REF} } associatedUrn context`;
const TERMS = `term { ${REF} } associatedUrn context`;

/** DataHub GraphQL selection of a dataset; the datahub subgraph serves exactly these fields. */
export const DATASET_SELECTION = `
  ${REF} name lastIngested
  platform { ${REF} name properties { displayName type datasetNameDelimiter } }
  properties {
    name description qualifiedName externalUrl created
    customProperties { key value associatedUrn }
    lastModified { time actor }
  }
  editableProperties { description name }
  schemaMetadata {
    name platformUrn version hash primaryKeys
    fields {
      fieldPath type nativeDataType description nullable isPartOfKey isPartitioningKey
      tags { tags { ${TAG} } }
      glossaryTerms { terms { ${TERMS} } }
    }
  }
  editableSchemaMetadata {
    editableSchemaFieldInfo {
      fieldPath description
      tags { tags { ${TAG} } }
      glossaryTerms { terms { ${TERMS} } }
    }
  }
  tags { tags { ${TAG} } }
  glossaryTerms { terms { ${TERMS} } }
  ownership {
    owners {
      owner { ... on CorpUser { ${REF} } ... on CorpGroup { ${REF} } }
      type
      ownershipType { urn type info { name description } }
      associatedUrn
    }
    lastModified { time actor }
  }
  domain { domain { ${REF} } associatedUrn }
  subTypes { typeNames }
  container { ${REF} }
  status { removed }
  deprecation { deprecated note decommissionTime actor }
`;

/** DataHub GraphQL selection of the other entity types the datahub subgraph serves. */
export const ENTITY_SELECTION = `
  ${REF}
  ... on CorpUser {
    username
    properties { active displayName title firstName lastName fullName email }
    editableProperties { displayName title email pictureLink slack teams }
  }
  ... on CorpGroup {
    name
    properties { displayName description email slack }
  }
  ... on GlossaryTerm {
    name hierarchicalName
    properties { name description definition termSource }
  }
  ... on Domain { id properties { name description } }
  ... on Tag { name properties { name description colorHex } }
  ... on DataPlatform { name properties { displayName type datasetNameDelimiter } }
  ... on Container { properties { name description qualifiedName } subTypes { typeNames } }
  ... on DataJob { jobId properties { name description } }
  ... on DataFlow { flowId properties { name description } }
  ... on Chart {
    properties { name description }
    ownership { owners { owner { ... on CorpUser { urn } ... on CorpGroup { urn } } } }
    domain { domain { urn } }
  }
  ... on Dashboard {
    properties { name description }
    ownership { owners { owner { ... on CorpUser { urn } ... on CorpGroup { urn } } } }
    domain { domain { urn } }
  }
`;

const DATASETS_QUERY = `query dataspokeDatasets($urns: [String!]!) {
  entities(urns: $urns) { ... on Dataset { ${DATASET_SELECTION} } }
}`;

const ENTITIES_QUERY = `query dataspokeEntities($urns: [String!]!) {
  entities(urns: $urns) { ${ENTITY_SELECTION} }
}`;

const LINEAGE_QUERY = `query dataspokeLineage($urns: [String!]!, $input: LineageInput!) {
  entities(urns: $urns) {
    urn
    ... on Dataset {
      lineage(input: $input) { total relationships { type degree createdOn entity { ${REF} } } }
    }
    ... on Chart {
      lineage(input: $input) { total relationships { type degree createdOn entity { ${REF} } } }
    }
    ... on Dashboard {
      lineage(input: $input) { total relationships { type degree createdOn entity { ${REF} } } }
    }
  }
}`;

const OPERATION_FIELDS = 'timestampMillis lastUpdatedTimestamp operationType numAffectedRows actor partition';
const TABLE_PROFILE_FIELDS = 'timestampMillis rowCount columnCount sizeInBytes';
const PROFILE_FIELDS = `${TABLE_PROFILE_FIELDS}
  fieldProfiles { fieldPath uniqueCount uniqueProportion nullCount nullProportion min max mean }`;
const OUTLINE_FIELDS = `__typename urn name
  properties { name description }
  editableProperties { description }
  ownership { owners { owner { ... on CorpUser { urn } ... on CorpGroup { urn } } } }
  domain { domain { urn } }
  deprecation { deprecated }
  schemaMetadata { fields { fieldPath } }`;
/** The latest and `depth` older schemaMetadata versions, one alias each (DataHub has no list of versions). */
const schemaVersionFields = (depth: number) =>
  Array.from(
    { length: depth + 1 },
    (_, i) =>
      `v${i}: schemaMetadata(version: ${i}) { aspectVersion createdAt fields { fieldPath type nativeDataType } }`,
  ).join('\n');

const OPERATIONS_QUERY = `query dataspokeOperations($urns: [String!]!, $start: Long, $end: Long, $limit: Int) {
  entities(urns: $urns) {
    urn
    ... on Dataset {
      operations(startTimeMillis: $start, endTimeMillis: $end, limit: $limit) { ${OPERATION_FIELDS} }
    }
  }
}`;

/** Profiles with the given fields: whole, table-level only, or whole with sample values. */
function profilesQuery(name: string, fields: string): string {
  return `query ${name}($urns: [String!]!, $start: Long, $end: Long, $limit: Int) {
  entities(urns: $urns) {
    urn
    ... on Dataset {
      datasetProfiles(startTimeMillis: $start, endTimeMillis: $end, limit: $limit) { ${fields} }
    }
  }
}`;
}
const PROFILES_QUERY = profilesQuery('dataspokeProfiles', PROFILE_FIELDS);
const TABLE_PROFILES_QUERY = profilesQuery('dataspokeTableProfiles', TABLE_PROFILE_FIELDS);
const SAMPLED_PROFILES_QUERY = profilesQuery(
  'dataspokeSampledProfiles',
  PROFILE_FIELDS.replace(/mean \}$/, 'mean sampleValues }'),
);

const OUTLINES_QUERY = `query dataspokeDatasetOutlines($urns: [String!]!) {
  entities(urns: $urns) { ... on Dataset { ${OUTLINE_FIELDS} } }
}`;

function schemaHistoryQuery(depth: number): string {
  return `query dataspokeSchemaHistory($urns: [String!]!) {
  entities(urns: $urns) { urn ... on Dataset { ${schemaVersionFields(depth)} } }
}`;
}

/** An outline with the histories asked for; only the variables a part uses are declared (GraphQL requires it). */
function historiesQuery(request: HubHistoryRequest, depth: number | null): string {
  const variables = ['$urns: [String!]!'];
  const parts = [OUTLINE_FIELDS];
  if (request.profiles) {
    variables.push('$profilesStart: Long', '$profilesEnd: Long', '$profilesLimit: Int');
    const fields = request.profiles.fieldProfiles === false ? TABLE_PROFILE_FIELDS : PROFILE_FIELDS;
    parts.push(
      `datasetProfiles(startTimeMillis: $profilesStart, endTimeMillis: $profilesEnd, limit: $profilesLimit) { ${fields} }`,
    );
  }
  if (request.operations) {
    variables.push('$operationsStart: Long', '$operationsEnd: Long', '$operationsLimit: Int');
    parts.push(
      `operations(startTimeMillis: $operationsStart, endTimeMillis: $operationsEnd, limit: $operationsLimit) { ${OPERATION_FIELDS} }`,
    );
  }
  if (depth !== null) parts.push(schemaVersionFields(depth));
  return `query dataspokeDatasetHistories(${variables.join(', ')}) {
  entities(urns: $urns) { ... on Dataset { ${parts.join('\n')} } }
}`;
}

/** Schema versions from the `v0`…`v<depth>` aliases: 0 (the latest) first, then the most recent earlier one. */
function schemaVersionsOf(e: Record<string, unknown>, depth: number): HubSchemaVersion[] {
  const versions: HubSchemaVersion[] = [];
  for (let i = 0; i <= depth; i++) {
    const v = e[`v${i}`] as HubSchemaVersion | null | undefined;
    if (v && typeof v === 'object') versions.push({ ...v, aspectVersion: v.aspectVersion ?? i });
  }
  // GMS numbers earlier versions upwards, so the highest is the most recent.
  const rank = (v: number) => (v === 0 ? Infinity : v);
  return versions.sort((a, b) => rank(b.aspectVersion) - rank(a.aspectVersion));
}

const schemaDepth = (depth: number) => Math.max(1, Math.min(10, Math.floor(depth)));

const rangeVariables = (prefix: string, range: HubTimeRange) => ({
  [`${prefix}Start`]: range.startTimeMillis ?? null,
  [`${prefix}End`]: range.endTimeMillis ?? null,
  [`${prefix}Limit`]: range.limit ?? null,
});

const SEARCH_QUERY = `query dataspokeSearch($input: SearchAcrossEntitiesInput!) {
  searchAcrossEntities(input: $input) {
    start count total
    searchResults { entity { ${REF} } matchedFields { name value } }
    facets { field aggregations { value count } }
  }
}`;

const SCROLL_QUERY = `query dataspokeScrollDatasets($input: ScrollAcrossEntitiesInput!) {
  scrollAcrossEntities(input: $input) {
    nextScrollId total
    searchResults {
      entity {
        ... on Dataset {
          urn
          platform { urn name }
          domain { domain { urn } }
          tags { tags { tag { urn } } }
          properties { customProperties { key value } }
        }
      }
    }
  }
}`;

// ------------------------------------------------------------------------------------------------ adapter

export interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs one DataHub GraphQL request: in-process for the embedded hub, over HTTP for GMS. */
export type GraphqlExecutor = (request: GraphqlRequest) => Promise<GraphqlResponse>;

/** DataHub accepts at most this many urns in one `entities` call. */
const MAX_URNS = 1000;
const LINEAGE_COUNT = 1000;

/** The hub port over DataHub's GraphQL API; the transport is the executor's business. */
export class GraphqlHubPort implements HubPort {
  constructor(
    readonly kind: 'embedded' | 'gms',
    private readonly executor: GraphqlExecutor,
  ) {}

  private async run<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const result = await this.executor({ query, variables });
    if (result.errors && result.errors.length > 0) {
      const first = result.errors[0]!;
      const type = first.extensions?.type;
      throw new HubPortError(
        type === 'BAD_REQUEST' ? 'BAD_REQUEST' : 'DATAHUB_ERROR',
        `DataHub answered with an error: ${first.message}`,
      );
    }
    if (!result.data) throw new HubPortError('DATAHUB_ERROR', 'DataHub answered without data');
    return result.data as T;
  }

  /** `entities(urns:)` in chunks DataHub accepts; null entries (unknown urns) are dropped. */
  private async entities<T extends { urn?: string }>(
    query: string,
    urns: readonly string[],
    variables: Record<string, unknown> = {},
  ): Promise<T[]> {
    const unique = [...new Set(urns)];
    const out: T[] = [];
    for (let start = 0; start < unique.length; start += MAX_URNS) {
      const data = await this.run<{ entities: (T | null)[] | null }>(query, {
        ...variables,
        urns: unique.slice(start, start + MAX_URNS),
      });
      for (const entity of data.entities ?? [])
        if (entity && typeof entity.urn === 'string') out.push(entity);
    }
    return out;
  }

  async getDatasets(urns: readonly string[]): Promise<Map<string, HubDataset>> {
    const found = await this.entities<Partial<HubDataset>>(DATASETS_QUERY, urns);
    // Non-dataset urns come back as `{}` from the inline fragment; only datasets carry their urn.
    return new Map(found.filter((e) => e.__typename === 'Dataset').map((d) => [d.urn!, d as HubDataset]));
  }

  async getEntities(urns: readonly string[]): Promise<Map<string, HubEntity>> {
    const found = await this.entities<HubEntity>(ENTITIES_QUERY, urns);
    return new Map(found.map((e) => [e.urn, e]));
  }

  async getLineage(urns: readonly string[], direction: LineageDirection): Promise<Map<string, HubLineage>> {
    const found = await this.entities<{ urn: string; lineage?: HubLineage | null }>(LINEAGE_QUERY, urns, {
      input: { direction, start: 0, count: LINEAGE_COUNT },
    });
    return new Map(
      found.map((e) => [e.urn, e.lineage ?? { total: 0, relationships: [] }] as [string, HubLineage]),
    );
  }

  async getOperations(urns: readonly string[], range: HubTimeRange): Promise<Map<string, HubOperation[]>> {
    const found = await this.entities<{ urn: string; operations?: HubOperation[] | null }>(
      OPERATIONS_QUERY,
      urns,
      { start: range.startTimeMillis ?? null, end: range.endTimeMillis ?? null, limit: range.limit ?? null },
    );
    return new Map(found.map((e) => [e.urn, e.operations ?? []] as [string, HubOperation[]]));
  }

  async getProfiles(
    urns: readonly string[],
    range: HubTimeRange,
    selection: HubProfileSelection = {},
  ): Promise<Map<string, HubDatasetProfile[]>> {
    const columns = selection.fieldProfiles !== false;
    const query = !columns
      ? TABLE_PROFILES_QUERY
      : selection.sampleValues
        ? SAMPLED_PROFILES_QUERY
        : PROFILES_QUERY;
    const found = await this.entities<{ urn: string; datasetProfiles?: HubDatasetProfile[] | null }>(
      query,
      urns,
      { start: range.startTimeMillis ?? null, end: range.endTimeMillis ?? null, limit: range.limit ?? null },
    );
    return new Map(
      found.map(
        (e) =>
          [
            e.urn,
            columns
              ? (e.datasetProfiles ?? [])
              : (e.datasetProfiles ?? []).map((p) => ({ ...p, fieldProfiles: null })),
          ] as [string, HubDatasetProfile[]],
      ),
    );
  }

  async getDatasetOutlines(urns: readonly string[]): Promise<Map<string, HubDatasetOutline>> {
    const found = await this.entities<HubDatasetOutline & { __typename?: string }>(OUTLINES_QUERY, urns);
    // As in getDatasets: other entity types come back as `{}` from the inline fragment.
    return new Map(
      found
        .filter((e) => e.__typename === 'Dataset')
        .map(({ __typename, ...outline }) => [outline.urn, outline]),
    );
  }

  async getSchemaHistory(urns: readonly string[], depth: number): Promise<Map<string, HubSchemaVersion[]>> {
    const n = schemaDepth(depth);
    const found = await this.entities<{ urn: string } & Record<string, unknown>>(
      schemaHistoryQuery(n),
      urns,
      {},
    );
    return new Map(found.map((e) => [e.urn, schemaVersionsOf(e, n)] as [string, HubSchemaVersion[]]));
  }

  async getDatasetHistories(
    urns: readonly string[],
    request: HubHistoryRequest,
  ): Promise<Map<string, HubDatasetHistory>> {
    const depth = request.schemaDepth === undefined ? null : schemaDepth(request.schemaDepth);
    const found = await this.entities<
      HubDatasetOutline & {
        __typename?: string;
        datasetProfiles?: HubDatasetProfile[] | null;
        operations?: HubOperation[] | null;
      } & Record<string, unknown>
    >(historiesQuery(request, depth), urns, {
      ...(request.profiles && rangeVariables('profiles', request.profiles)),
      ...(request.operations && rangeVariables('operations', request.operations)),
    });
    const out = new Map<string, HubDatasetHistory>();
    for (const e of found) {
      if (e.__typename !== 'Dataset') continue;
      const profiles = e.datasetProfiles ?? [];
      out.set(e.urn, {
        outline: {
          urn: e.urn,
          name: e.name,
          properties: e.properties,
          editableProperties: e.editableProperties,
          ownership: e.ownership,
          domain: e.domain,
          deprecation: e.deprecation,
          schemaMetadata: e.schemaMetadata,
        },
        profiles:
          request.profiles?.fieldProfiles === false
            ? profiles.map((p) => ({ ...p, fieldProfiles: null }))
            : profiles,
        operations: e.operations ?? [],
        schemaVersions: depth === null ? [] : schemaVersionsOf(e, depth),
      });
    }
    return out;
  }

  async search(request: HubSearchRequest): Promise<HubSearchPage> {
    const filters = (request.filters ?? []).map((f) => ({
      field: f.field,
      values: f.values,
      condition: f.condition ?? 'EQUAL',
      negated: f.negated ?? false,
    }));
    const data = await this.run<{
      searchAcrossEntities: {
        start: number;
        count: number;
        total: number;
        searchResults: { entity: HubEntityRef; matchedFields: { name: string; value: string }[] }[];
        facets: { field: string; aggregations: { value: string; count: number }[] }[] | null;
      } | null;
    }>(SEARCH_QUERY, {
      input: {
        types: request.types,
        query: request.query,
        start: request.start,
        count: request.count,
        ...(filters.length > 0 && { orFilters: [{ and: filters }] }),
        searchFlags: { skipAggregates: request.facets !== true, skipHighlighting: true },
      },
    });
    const r = data.searchAcrossEntities;
    if (!r) throw new HubPortError('DATAHUB_ERROR', 'searchAcrossEntities answered null');
    return {
      start: r.start,
      count: r.count,
      total: r.total,
      hits: r.searchResults.map((s) => ({ entity: s.entity, matchedFields: s.matchedFields })),
      facets: r.facets ?? [],
    };
  }

  async scrollDatasets(request: { scrollId?: string | null; count: number }): Promise<HubScrollPage> {
    const data = await this.run<{
      scrollAcrossEntities: {
        nextScrollId: string | null;
        total: number;
        searchResults: { entity: Partial<HubDatasetSummary> }[];
      } | null;
    }>(SCROLL_QUERY, {
      input: {
        types: ['DATASET'],
        query: '*',
        scrollId: request.scrollId ?? null,
        count: request.count,
        searchFlags: { skipAggregates: true, skipHighlighting: true },
      },
    });
    const r = data.scrollAcrossEntities;
    if (!r) throw new HubPortError('DATAHUB_ERROR', 'scrollAcrossEntities answered null');
    return {
      nextScrollId: r.nextScrollId,
      total: r.total,
      datasets: r.searchResults
        .map((s) => s.entity)
        .filter((e): e is HubDatasetSummary => typeof e.urn === 'string'),
    };
  }
}

/** Freezes a result kept in a cache and handed to every later caller, so that none can change it for others. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Each urn's result from the cache, and the others read in one call and kept (an unknown urn is kept as
 * unknown), unless the hub's state changed while they were read. A result kept under `key` with another
 * `stamp` (a window that has moved on) is read again and replaces it, so old windows do not pile up.
 */
async function cachedByUrn<V>(
  cache: BuiltReadCache,
  key: string,
  urns: readonly string[],
  read: (urns: readonly string[]) => Promise<Map<string, V>>,
  stamp: string | number = '',
): Promise<Map<string, V>> {
  if (!cache.enabled) return read(urns);
  const out = new Map<string, V>();
  const missing: string[] = [];
  for (const urn of new Set(urns)) {
    const hit = cache.get<{ stamp: string | number; value: V | null }>(urn, key);
    if (hit === undefined || hit.stamp !== stamp) missing.push(urn);
    else if (hit.value !== null) out.set(urn, hit.value);
  }
  if (missing.length === 0) return out;
  const ticket = cache.ticket();
  const found = await read(missing);
  for (const urn of missing) {
    const value = found.get(urn);
    cache.put(ticket, urn, key, { stamp, value: value === undefined ? null : deepFreeze(value) });
    if (value !== undefined) out.set(urn, value);
  }
  return out;
}

/** The events' time range as the hub's GraphQL takes it (`limit` a non-negative integer, at most 10,000). */
function eventRange(range: HubTimeRange): TimeRange {
  const out: TimeRange = {};
  if (range.startTimeMillis != null) out.startTimeMillis = range.startTimeMillis;
  if (range.endTimeMillis != null) out.endTimeMillis = range.endTimeMillis;
  if (range.limit != null) {
    if (!Number.isInteger(range.limit) || range.limit < 0)
      throw new HubPortError('BAD_REQUEST', `limit must be a non-negative integer, got ${range.limit}`);
    out.limit = Math.min(range.limit, 10_000);
  }
  return out;
}

/** A profile event as PROFILE_FIELDS (or TABLE_PROFILE_FIELDS, `columns` false) select it. */
function historyProfile(row: TimeseriesRow, columns: boolean): HubDatasetProfile {
  const p = mapProfile(row);
  return {
    timestampMillis: p.timestampMillis,
    rowCount: p.rowCount,
    columnCount: p.columnCount,
    sizeInBytes: p.sizeInBytes,
    fieldProfiles: columns
      ? p.fieldProfiles.map((f) => ({
          fieldPath: f.fieldPath,
          uniqueCount: f.uniqueCount,
          uniqueProportion: f.uniqueProportion,
          nullCount: f.nullCount,
          nullProportion: f.nullProportion,
          min: f.min,
          max: f.max,
          mean: f.mean,
        }))
      : null,
  };
}

/** An operation event as OPERATION_FIELDS select it. */
function historyOperation(row: TimeseriesRow): HubOperation {
  const o = mapOperation(row);
  return {
    timestampMillis: o.timestampMillis,
    lastUpdatedTimestamp: o.lastUpdatedTimestamp,
    operationType: o.operationType ?? 'UNKNOWN',
    numAffectedRows: o.numAffectedRows,
    actor: o.actor,
    partition: o.partition,
  };
}

/**
 * The embedded adapter: the hub's own GraphQL executor, called in-process with no HTTP hop. While the hub
 * follows writes it keeps what it built per entity, and the hub drops it on a change (EmbeddedHub.built):
 * datasets, their outlines, other entities, lineage and operation histories without a time window (the reads
 * behind a dataset page and freshness), and histories up to now (what validations read). A hot page then
 * costs map lookups rather than a GraphQL execution. Kept results are frozen: every caller shares them.
 * Dataset histories take their profile and operation events straight from the hub, mapped by the resolvers'
 * own mappings to the fields the GraphQL read selects: completing hundreds of events field by field was
 * most of a history read's time.
 */
class EmbeddedHubPort extends GraphqlHubPort {
  constructor(
    executor: GraphqlExecutor,
    private readonly hub: EmbeddedHub,
  ) {
    super('embedded', executor);
  }

  override getDatasets(urns: readonly string[]): Promise<Map<string, HubDataset>> {
    return cachedByUrn(this.hub.builtReads, 'dataset', urns, (missing) => super.getDatasets(missing));
  }

  override getEntities(urns: readonly string[]): Promise<Map<string, HubEntity>> {
    return cachedByUrn(this.hub.builtReads, 'entity', urns, (missing) => super.getEntities(missing));
  }

  override getLineage(
    urns: readonly string[],
    direction: LineageDirection,
  ): Promise<Map<string, HubLineage>> {
    return cachedByUrn(this.hub.builtLineageReads, direction, urns, (missing) =>
      super.getLineage(missing, direction),
    );
  }

  override getDatasetHistories(
    urns: readonly string[],
    request: HubHistoryRequest,
  ): Promise<Map<string, HubDatasetHistory>> {
    // Kept only for histories read with no end (up to now), from a start that holds still (a validator's
    // day-aligned window): a read up to a moving end is asked once and never again.
    if (request.profiles?.endTimeMillis != null || request.operations?.endTimeMillis != null)
      return this.readHistories(urns, request);
    // One entry per kind of read; its windows' starts are the stamp, so the next day's read replaces it.
    const { startTimeMillis: profilesFrom, ...profiles } = request.profiles ?? {};
    const { startTimeMillis: operationsFrom, ...operations } = request.operations ?? {};
    return cachedByUrn(
      this.hub.builtReads,
      `histories:${JSON.stringify({ ...request, profiles, operations })}`,
      urns,
      (missing) => this.readHistories(missing, request),
      `${profilesFrom ?? ''}:${operationsFrom ?? ''}`,
    );
  }

  /**
   * getDatasetHistories without the events' GraphQL completion: outlines and schema versions through the
   * hub's GraphQL (which also says which urns are datasets), then each kind of event for those datasets in one
   * hub read, as the datasetProfiles and operations resolvers read them.
   */
  private async readHistories(
    urns: readonly string[],
    request: HubHistoryRequest,
  ): Promise<Map<string, HubDatasetHistory>> {
    const { profiles, operations } = request;
    const profileRange = profiles && eventRange(profiles);
    const operationRange = operations && eventRange(operations);
    const found = await super.getDatasetHistories(
      urns,
      request.schemaDepth === undefined ? {} : { schemaDepth: request.schemaDepth },
    );
    if (found.size === 0) return found;
    const datasets = [...found.keys()];
    const columns = profiles?.fieldProfiles !== false;
    const [profileRows, operationRows] = await Promise.all([
      profileRange &&
        this.hub.getTimeseriesMany(
          datasets,
          'datasetProfile',
          profileRange,
          columns ? [] : ['fieldProfiles'],
        ),
      operationRange && this.hub.getTimeseriesMany(datasets, 'operation', operationRange),
    ]);
    for (const [urn, history] of found) {
      history.profiles = (profileRows?.get(urn) ?? []).map((row) => historyProfile(row, columns));
      history.operations = (operationRows?.get(urn) ?? []).map(historyOperation);
    }
    return found;
  }

  override getDatasetOutlines(urns: readonly string[]): Promise<Map<string, HubDatasetOutline>> {
    return cachedByUrn(this.hub.builtReads, 'outline', urns, (missing) => super.getDatasetOutlines(missing));
  }

  override getOperations(urns: readonly string[], range: HubTimeRange): Promise<Map<string, HubOperation[]>> {
    // A window moves with its caller's clock; only the open range (the latest `limit`) is worth keeping.
    if (range.startTimeMillis != null || range.endTimeMillis != null) return super.getOperations(urns, range);
    return cachedByUrn(this.hub.builtReads, `operations:${range.limit ?? ''}`, urns, (missing) =>
      super.getOperations(missing, range),
    );
  }
}

export function createEmbeddedHubPort(hub: EmbeddedHub, store: Store): HubPort {
  const graphql = createHubGraphql(hub, store);
  return new EmbeddedHubPort(async (request) => {
    const result = await graphql.execute(request);
    return {
      data: result.data ?? null,
      ...(result.errors && {
        errors: result.errors.map((e) => ({ message: e.message, extensions: e.extensions })),
      }),
    };
  }, hub);
}

// ------------------------------------------------------------------------------------------------ GMS adapter

export interface GmsHubPortOptions {
  /** GMS base URL, e.g. http://datahub-gms:8080; DataHub's GraphQL API is at <url>/api/graphql. */
  url: string;
  /** A DataHub personal access token, sent as a bearer token. */
  token?: string;
  /** Per attempt (DATAHUB_GMS_TIMEOUT_MS); default 5 s. An attempt that times out is not retried. */
  timeoutMs?: number;
  /** Retries after a failed attempt (network error, timeout, 429, 5xx); default 2. */
  retries?: number;
  /** First backoff, doubled per retry; default 200 ms. */
  backoffMs?: number;
  /** Consecutive failed calls that open the circuit (default 5), and how long it stays open (default 30 s). */
  breaker?: { failureThreshold?: number; resetMs?: number };
  /** For tests. */
  fetch?: typeof fetch;
  now?: () => number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504, 500]);

/**
 * A small circuit breaker: after `failureThreshold` consecutive failed calls it refuses calls at once for
 * `resetMs`, then lets one call through; its success closes the circuit, its failure opens it again.
 */
class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly threshold: number,
    private readonly resetMs: number,
    private readonly now: () => number,
  ) {}

  check(): void {
    if (this.failures >= this.threshold && this.now() < this.openUntil) {
      throw new HubPortError(
        'DATAHUB_UNAVAILABLE',
        `DataHub is unavailable: ${this.failures} calls failed in a row; retrying after ${new Date(this.openUntil).toISOString()}`,
      );
    }
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  failure(): void {
    this.failures++;
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.resetMs;
  }
}

/** The GMS adapter: the same documents over HTTP to a real DataHub's /api/graphql. */
export function createGmsHubPort(options: GmsHubPortOptions): HubPort {
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/graphql`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 200;
  const doFetch = options.fetch ?? fetch;
  const breaker = new CircuitBreaker(
    options.breaker?.failureThreshold ?? 5,
    options.breaker?.resetMs ?? 30_000,
    options.now ?? Date.now,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const attempt = async (
    request: GraphqlRequest,
  ): Promise<GraphqlResponse | { retry: string; timedOut?: true }> => {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return timedOut
        ? { retry: `no answer within ${timeoutMs} ms`, timedOut: true }
        : { retry: `cannot reach ${endpoint}` };
    }
    if (RETRYABLE_STATUS.has(response.status)) {
      await response.body?.cancel();
      return { retry: `HTTP ${response.status}` };
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new HubPortError('DATAHUB_ERROR', `DataHub refused the token (HTTP ${response.status})`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { retry: `HTTP ${response.status} without a JSON body` };
    }
    if (typeof body !== 'object' || body === null)
      throw new HubPortError(
        'DATAHUB_ERROR',
        `DataHub answered HTTP ${response.status} without a GraphQL body`,
      );
    return body;
  };

  return new GraphqlHubPort('gms', async (request) => {
    breaker.check();
    let reason = '';
    for (let i = 0; i <= retries; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (i - 1)));
      let outcome: GraphqlResponse | { retry: string; timedOut?: true };
      try {
        outcome = await attempt(request);
      } catch (error) {
        // DataHub answered, so it is up: a refused token does not open the circuit.
        breaker.success();
        throw error;
      }
      if (!('retry' in outcome)) {
        breaker.success();
        return outcome;
      }
      reason = outcome.retry;
      // A DataHub that hangs would cost every caller the whole timeout again on each retry: the timeout
      // counts towards the breaker on its own and the call fails at once.
      if (outcome.timedOut) break;
    }
    breaker.failure();
    throw new HubPortError('DATAHUB_UNAVAILABLE', `DataHub is unavailable: ${reason}`);
  });
}
