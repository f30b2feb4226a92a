/**
 * The hub port: the one way DataSpoke reads DataHub. Every method takes many urns and answers them in one
 * call, so per-request loaders can batch a whole GraphQL level into it. Results are DataHub-shaped: DataHub
 * GraphQL's own type and field names, exactly as DataHub's `/api/graphql` returns them for the documents in
 * `adapters/hub/graphql-hub-port.ts`. The GMS adapter sends those documents over HTTP to a real DataHub; the
 * embedded adapter builds the same answers from the embedded hub's reads with the hub's read model, the
 * functions its GraphQL resolvers answer with.
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

/** The relationship types getRelated reads. */
export type HubRelationshipType = 'IsA' | 'HasA' | 'IsRelatedTo' | 'DataProductContains';

export interface HubRelated {
  type: HubRelationshipType;
  urn: string;
}

/** Relationships getRelated answers per entity at most. */
export const RELATED_MAX = 1000;

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
  /**
   * Outgoing relationships of each entity among `types` (DataHub relationship names: IsA, HasA,
   * IsRelatedTo between glossary terms, DataProductContains from a data product to its assets), in urn order;
   * at most RELATED_MAX per entity. Unknown urns are absent.
   */
  getRelated(
    urns: readonly string[],
    types: readonly HubRelationshipType[],
  ): Promise<Map<string, HubRelated[]>>;
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
