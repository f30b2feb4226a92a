import type { GraphqlRequest } from '@dataspoke/hub/graphql/index';
import {
  type HubDataset,
  type HubDatasetHistory,
  type HubDatasetOutline,
  type HubDatasetProfile,
  type HubDatasetSummary,
  type HubEntity,
  type HubEntityRef,
  type HubHistoryRequest,
  type HubLineage,
  type HubOperation,
  type HubPort,
  HubPortError,
  RELATED_MAX,
  type HubRelated,
  type HubRelationshipType,
  type HubProfileSelection,
  type HubSchemaVersion,
  type HubScrollPage,
  type HubSearchPage,
  type HubSearchRequest,
  type HubTimeRange,
  type LineageDirection,
} from '../../ports/hub-port.js';

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
    parentNodes { nodes { urn } }
  }
  ... on GlossaryNode { properties { name description } parentNodes { nodes { urn } } }
  ... on Domain { id properties { name description } parentDomains { domains { urn } } }
  ... on DataProduct { properties { name description } domain { domain { urn } } }
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
  return inAspectVersionOrder(versions);
}

/** 0 (the latest) first, then earlier versions from the most recent: GMS numbers them upwards. */
export function inAspectVersionOrder(versions: HubSchemaVersion[]): HubSchemaVersion[] {
  const rank = (v: number) => (v === 0 ? Infinity : v);
  return versions.sort((a, b) => rank(b.aspectVersion) - rank(a.aspectVersion));
}

/** Earlier schema versions a history read takes: 1 to 10. */
export const schemaDepth = (depth: number) => Math.max(1, Math.min(10, Math.floor(depth)));

const rangeVariables = (prefix: string, range: HubTimeRange) => ({
  [`${prefix}Start`]: range.startTimeMillis ?? null,
  [`${prefix}End`]: range.endTimeMillis ?? null,
  [`${prefix}Limit`]: range.limit ?? null,
});

const RELATED_QUERY = `query dataspokeRelated($urns: [String!]!, $input: RelationshipsInput!) {
  entities(urns: $urns) { urn relationships(input: $input) { relationships { type entity { urn } } } }
}`;
/** Entities per getRelated call: the answer may hold RELATED_MAX relationships of each. */
const RELATED_BATCH = 50;

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
/** Lineage relationships read per entity and direction. */
export const LINEAGE_COUNT = 1000;

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

  async getRelated(
    urns: readonly string[],
    types: readonly HubRelationshipType[],
  ): Promise<Map<string, HubRelated[]>> {
    const out = new Map<string, HubRelated[]>();
    const unique = [...new Set(urns)];
    for (let i = 0; i < unique.length; i += RELATED_BATCH) {
      const found = await this.entities<{
        urn: string;
        relationships?: { relationships: { type: string; entity: { urn: string } | null }[] } | null;
      }>(RELATED_QUERY, unique.slice(i, i + RELATED_BATCH), {
        input: { types, direction: 'OUTGOING', start: 0, count: RELATED_MAX },
      });
      for (const e of found)
        out.set(
          e.urn,
          (e.relationships?.relationships ?? [])
            .filter((r) => r.entity)
            .map((r) => ({ type: r.type as HubRelationshipType, urn: r.entity!.urn })),
        );
    }
    return out;
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
