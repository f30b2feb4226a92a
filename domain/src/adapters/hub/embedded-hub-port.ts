import type { Store } from '@dataspoke/platform/store/db';
import { aspectVersionKey, type EmbeddedHub, type TimeRange } from '@dataspoke/hub/embedded-hub';
import { ENTITY_TYPES, graphqlEntityType, isModelledEntityType } from '@dataspoke/hub/graphql/entity-types';
import { decodeScrollId, encodeScrollId, pageArgs, runSearch } from '@dataspoke/hub/graphql/search-args';
import type { JsonObject, StoredAspect } from '@dataspoke/hub/model';
import { str } from '@dataspoke/hub/json';
import { urnDisplayId } from '@dataspoke/hub/urn';
import {
  mapDomain,
  mapEditableSchema,
  mapOwnership,
  mapSchemaMetadata,
  mapTags,
  mapTerms,
  platformRef,
} from '@dataspoke/hub/read/aspect-values';
import {
  containerPropertiesValue,
  corpGroupPropertiesValue,
  corpUserEditableValue,
  corpUserInfoValue,
  dashboardPropertiesValue,
  dataFlowPropertiesValue,
  dataJobPropertiesValue,
  datasetPropertiesValue,
  deprecationValue,
  domainPropertiesValue,
  editablePropertiesValue,
  glossaryTermPropertiesValue,
  lastIngestedOf,
  platformPropertiesValue,
  statusValue,
  subTypesValue,
  tagPropertiesValue,
} from '@dataspoke/hub/read/entity-values';
import { lineageValue, uniqueLineageEdges } from '@dataspoke/hub/read/lineage-values';
import { mapOperation, mapProfile } from '@dataspoke/hub/read/timeseries-values';
import { ref, urnParts, type EntityRef } from '@dataspoke/hub/read/values';
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
  type HubProfileSelection,
  type HubSchemaVersion,
  type HubScrollPage,
  type HubSearchPage,
  type HubSearchRequest,
  type HubTimeRange,
  type LineageDirection,
} from '../../ports/hub-port.js';
import { inAspectVersionOrder, LINEAGE_COUNT, schemaDepth } from './graphql-hub-port.js';

/**
 * The embedded adapter: the hub port answered from the embedded hub's reads (its store, behind the hub's own
 * read cache) with the hub's read model (`@dataspoke/hub/read/*`), the same values its GraphQL resolvers
 * answer with. Each method builds exactly what the GMS adapter's GraphQL documents select, so the two
 * adapters return the same data (hub-ports.test.ts checks it over every method), without running GraphQL
 * in process. Nothing is kept here: what is worth keeping is the hub's reads, and the hub drops those on a
 * change.
 */

type Aspects = ReadonlyMap<string, StoredAspect>;

/** An entity as a reference under a field of an abstract type (`Entity`): its own object type. */
function entityRef(r: EntityRef): HubEntityRef {
  return {
    __typename: ENTITY_TYPES[r.entityType]?.typeName ?? 'Unknown',
    urn: r.urn,
    type: graphqlEntityType(r.entityType),
  };
}

/** A reference under a field of a concrete object type (`container: Container`): that type's name. */
function typedRef(r: EntityRef | null, typeName: string): HubEntityRef | null {
  return r && { __typename: typeName, urn: r.urn, type: graphqlEntityType(r.entityType) };
}

const value = (aspects: Aspects | undefined, name: string): JsonObject | undefined =>
  aspects?.get(name)?.value;

/** `tags { tags { tag {…} associatedUrn context } }` of mapped tags. */
function selectTags(t: ReturnType<typeof mapTags>) {
  return (
    t && {
      tags: t.tags.map((a) => ({
        tag: typedRef(a.tag, 'Tag')!,
        associatedUrn: a.associatedUrn,
        context: a.context,
      })),
    }
  );
}

/** `glossaryTerms { terms { term {…} associatedUrn context } }` of mapped terms. */
function selectTerms(t: ReturnType<typeof mapTerms>) {
  return (
    t && {
      terms: t.terms.map((a) => ({
        term: typedRef(a.term, 'GlossaryTerm')!,
        associatedUrn: a.associatedUrn,
        context: a.context,
      })),
    }
  );
}

/** `owner { ... on CorpUser {…} ... on CorpGroup {…} }`: OwnerType resolves a group to CorpGroup, else CorpUser. */
const ownerRef = (owner: EntityRef) =>
  typedRef(owner, owner.entityType === 'corpGroup' ? 'CorpGroup' : 'CorpUser')!;

function ownersOnly(urn: string, aspect: JsonObject | undefined) {
  const o = mapOwnership(urn, aspect);
  return o && { owners: o.owners.map((x) => ({ owner: { urn: x.owner.urn } })) };
}

function domainOnly(urn: string, aspect: JsonObject | undefined) {
  const d = mapDomain(urn, aspect);
  return d && { domain: { urn: d.domain.urn } };
}

function platformOf(urn: string, platforms: ReadonlyMap<string, Aspects>) {
  const p = platformRef(urnParts(urn)[0]);
  const props = platformPropertiesValue(p.urn, value(platforms.get(p.urn), 'dataPlatformInfo'));
  return {
    ...typedRef(p, 'DataPlatform')!,
    name: urnParts(p.urn)[0] ?? p.urn,
    properties: {
      displayName: props.displayName,
      type: props.type,
      datasetNameDelimiter: props.datasetNameDelimiter,
    },
  };
}

/** A dataset as DATASET_SELECTION selects it. */
function datasetOf(urn: string, aspects: Aspects, platforms: ReadonlyMap<string, Aspects>): HubDataset {
  const props = datasetPropertiesValue(urn, value(aspects, 'datasetProperties'));
  const editable = editablePropertiesValue(value(aspects, 'editableDatasetProperties'));
  const schema = mapSchemaMetadata(urn, aspects.get('schemaMetadata'));
  const editableSchema = mapEditableSchema(urn, value(aspects, 'editableSchemaMetadata'));
  const ownership = mapOwnership(urn, value(aspects, 'ownership'));
  const domain = mapDomain(urn, value(aspects, 'domains'));
  const deprecation = deprecationValue(value(aspects, 'deprecation'));
  return {
    __typename: 'Dataset',
    urn,
    type: 'DATASET',
    name: urnParts(urn)[1] ?? urn,
    lastIngested: lastIngestedOf(aspects),
    platform: platformOf(urn, platforms),
    properties: props && {
      name: props.name,
      description: props.description,
      qualifiedName: props.qualifiedName,
      externalUrl: props.externalUrl,
      created: props.created,
      customProperties: props.customProperties,
      lastModified: props.lastModified,
    },
    editableProperties: editable,
    schemaMetadata: schema && {
      name: schema.name,
      platformUrn: schema.platformUrn,
      version: schema.version,
      hash: schema.hash,
      primaryKeys: schema.primaryKeys,
      fields: schema.fields.map((f) => ({
        fieldPath: f.fieldPath,
        type: f.type,
        nativeDataType: f.nativeDataType,
        description: f.description,
        nullable: f.nullable,
        isPartOfKey: f.isPartOfKey,
        isPartitioningKey: f.isPartitioningKey,
        tags: selectTags(f.tags),
        glossaryTerms: selectTerms(f.glossaryTerms),
      })),
    },
    editableSchemaMetadata: editableSchema && {
      editableSchemaFieldInfo: editableSchema.editableSchemaFieldInfo.map((f) => ({
        fieldPath: f.fieldPath,
        description: f.description,
        tags: selectTags(f.tags),
        glossaryTerms: selectTerms(f.glossaryTerms),
      })),
    },
    tags: selectTags(mapTags(urn, value(aspects, 'globalTags'))),
    glossaryTerms: selectTerms(mapTerms(urn, value(aspects, 'glossaryTerms'))),
    ownership: ownership && {
      owners: ownership.owners.map((o) => ({
        owner: ownerRef(o.owner),
        type: o.type,
        ownershipType: o.ownershipType && {
          urn: o.ownershipType.urn,
          type: o.ownershipType.type,
          info: o.ownershipType.info,
        },
        associatedUrn: o.associatedUrn,
      })),
      lastModified: ownership.lastModified,
    },
    domain: domain && { domain: typedRef(domain.domain, 'Domain')!, associatedUrn: domain.associatedUrn },
    subTypes: subTypesValue(value(aspects, 'subTypes')),
    container: typedRef(ref(str(value(aspects, 'container')?.container)), 'Container'),
    status: statusValue(value(aspects, 'status')),
    deprecation: deprecation && {
      deprecated: deprecation.deprecated,
      note: deprecation.note,
      decommissionTime: deprecation.decommissionTime,
      actor: deprecation.actor,
    },
  } as HubDataset;
}

/** `properties`, picked: `keys` of a mapped value, or null. */
function pick<T extends object, K extends keyof T>(v: T | null, keys: readonly K[]): Pick<T, K> | null {
  if (!v) return null;
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = v[k];
  return out;
}

/** Another entity as ENTITY_SELECTION selects it, by its type. */
function entityOf(r: EntityRef, aspects: Aspects): HubEntity {
  const { urn } = r;
  const base = entityRef(r);
  const parts = urnParts(urn);
  switch (r.entityType) {
    case 'corpuser':
      return {
        ...base,
        username: str(value(aspects, 'corpUserKey')?.username) ?? urnDisplayId(urn),
        properties: pick(corpUserInfoValue(urn, value(aspects, 'corpUserInfo')), [
          'active',
          'displayName',
          'title',
          'firstName',
          'lastName',
          'fullName',
          'email',
        ]),
        editableProperties: pick(corpUserEditableValue(value(aspects, 'corpUserEditableInfo')), [
          'displayName',
          'title',
          'email',
          'pictureLink',
          'slack',
          'teams',
        ]),
      };
    case 'corpGroup':
      return {
        ...base,
        name: str(value(aspects, 'corpGroupKey')?.name) ?? urnDisplayId(urn),
        properties: pick(corpGroupPropertiesValue(value(aspects, 'corpGroupInfo')), [
          'displayName',
          'description',
          'email',
          'slack',
        ]),
      };
    case 'glossaryTerm':
      return {
        ...base,
        name: urnDisplayId(urn),
        hierarchicalName: urnDisplayId(urn),
        properties: pick(glossaryTermPropertiesValue(urn, value(aspects, 'glossaryTermInfo')), [
          'name',
          'description',
          'definition',
          'termSource',
        ]),
      };
    case 'domain':
      return {
        ...base,
        id: urnDisplayId(urn),
        properties: domainPropertiesValue(urn, value(aspects, 'domainProperties')),
      };
    case 'tag':
      return {
        ...base,
        name: str(value(aspects, 'tagProperties')?.name) ?? urnDisplayId(urn),
        properties: tagPropertiesValue(urn, value(aspects, 'tagProperties')),
      };
    case 'dataPlatform':
      return {
        ...base,
        name: parts[0] ?? urn,
        properties: pick(platformPropertiesValue(urn, value(aspects, 'dataPlatformInfo')), [
          'displayName',
          'type',
          'datasetNameDelimiter',
        ]),
      };
    case 'container':
      return {
        ...base,
        properties: pick(containerPropertiesValue(urn, value(aspects, 'containerProperties')), [
          'name',
          'description',
          'qualifiedName',
        ]),
        subTypes: subTypesValue(value(aspects, 'subTypes')),
      };
    case 'dataJob':
      return {
        ...base,
        jobId: parts[1] ?? '',
        properties: pick(dataJobPropertiesValue(urn, value(aspects, 'dataJobInfo')), ['name', 'description']),
      };
    case 'dataFlow':
      return {
        ...base,
        flowId: parts[1] ?? '',
        properties: pick(dataFlowPropertiesValue(urn, value(aspects, 'dataFlowInfo')), [
          'name',
          'description',
        ]),
      };
    case 'chart':
    case 'dashboard': {
      const info = value(aspects, r.entityType === 'chart' ? 'chartInfo' : 'dashboardInfo');
      return {
        ...base,
        properties: pick(dashboardPropertiesValue(urn, info), ['name', 'description']),
        ownership: ownersOnly(urn, value(aspects, 'ownership')),
        domain: domainOnly(urn, value(aspects, 'domains')),
      };
    }
    default:
      return { ...base };
  }
}

/** A dataset in outline, as OUTLINE_FIELDS select it. */
function outlineOf(urn: string, aspects: Aspects): HubDatasetOutline {
  const props = datasetPropertiesValue(urn, value(aspects, 'datasetProperties'));
  const editable = editablePropertiesValue(value(aspects, 'editableDatasetProperties'));
  const schema = mapSchemaMetadata(urn, aspects.get('schemaMetadata'));
  const deprecation = deprecationValue(value(aspects, 'deprecation'));
  return {
    urn,
    name: urnParts(urn)[1] ?? urn,
    properties: props && { name: props.name, description: props.description },
    editableProperties: editable && { description: editable.description },
    ownership: ownersOnly(urn, value(aspects, 'ownership')),
    domain: domainOnly(urn, value(aspects, 'domains')),
    deprecation: deprecation && { deprecated: deprecation.deprecated },
    schemaMetadata: schema && { fields: schema.fields.map((f) => ({ fieldPath: f.fieldPath })) },
  };
}

/** A schema version as the history documents select it (`aspectVersion createdAt fields {…}`). */
function schemaVersionOf(urn: string, stored: StoredAspect, fallbackVersion: number): HubSchemaVersion {
  const schema = mapSchemaMetadata(urn, stored)!;
  return {
    aspectVersion: schema.aspectVersion ?? fallbackVersion,
    createdAt: schema.createdAt,
    fields: schema.fields.map((f) => ({
      fieldPath: f.fieldPath,
      type: f.type,
      nativeDataType: f.nativeDataType,
    })),
  };
}

/** A profile event as the profile documents select it (table-level only, whole, or with sample values). */
function profileOf(row: Parameters<typeof mapProfile>[0], selection: HubProfileSelection): HubDatasetProfile {
  const p = mapProfile(row);
  return {
    timestampMillis: p.timestampMillis,
    rowCount: p.rowCount,
    columnCount: p.columnCount,
    sizeInBytes: p.sizeInBytes,
    fieldProfiles:
      selection.fieldProfiles === false
        ? null
        : p.fieldProfiles.map((f) => ({
            fieldPath: f.fieldPath,
            uniqueCount: f.uniqueCount,
            uniqueProportion: f.uniqueProportion,
            nullCount: f.nullCount,
            nullProportion: f.nullProportion,
            min: f.min,
            max: f.max,
            mean: f.mean,
            ...(selection.sampleValues && { sampleValues: f.sampleValues }),
          })),
  };
}

/** An operation event as OPERATION_FIELDS select it. */
function operationOf(row: Parameters<typeof mapOperation>[0]): HubOperation {
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

/** The events' time range as the hub reads it (`limit` a non-negative integer, at most 10,000). */
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

/** A refusal by the hub's read model (a bad argument) or a failed read, as the GraphQL adapter reports it. */
function asPortError(error: unknown): HubPortError {
  if (error instanceof HubPortError) return error;
  const type = (error as { extensions?: { type?: unknown } }).extensions?.type;
  const message = error instanceof Error ? error.message : String(error);
  return new HubPortError(
    type === 'BAD_REQUEST' ? 'BAD_REQUEST' : 'DATAHUB_ERROR',
    `DataHub answered with an error: ${message}`,
  );
}

class EmbeddedHubPort implements HubPort {
  readonly kind = 'embedded' as const;

  constructor(
    private readonly hub: EmbeddedHub,
    private readonly store: Store,
  ) {}

  /**
   * The entities among `urns` that exist, as `entities(urns:)` finds them: valid urns of modelled types
   * with at least one aspect (a platform always exists), each with its latest aspects.
   */
  private async existing(
    urns: readonly string[],
    entityType?: string,
  ): Promise<{ ref: EntityRef; aspects: Aspects }[]> {
    const refs: EntityRef[] = [];
    for (const urn of new Set(urns)) {
      const r = ref(urn);
      if (r && isModelledEntityType(r.entityType) && (!entityType || r.entityType === entityType))
        refs.push(r);
    }
    const aspects = await this.hub.getLatestAspects(refs.map((r) => r.urn));
    const none: Aspects = new Map();
    return refs
      .map((r) => ({ ref: r, aspects: aspects.get(r.urn) ?? none }))
      .filter((e) => e.aspects.size > 0 || e.ref.entityType === 'dataPlatform');
  }

  private async guarded<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw asPortError(error);
    }
  }

  getDatasets(urns: readonly string[]): Promise<Map<string, HubDataset>> {
    return this.guarded(async () => {
      const datasets = await this.existing(urns, 'dataset');
      const platformUrns = [...new Set(datasets.map((d) => platformRef(urnParts(d.ref.urn)[0]).urn))];
      const platforms = await this.hub.getLatestAspects(platformUrns);
      return new Map(datasets.map((d) => [d.ref.urn, datasetOf(d.ref.urn, d.aspects, platforms)]));
    });
  }

  getEntities(urns: readonly string[]): Promise<Map<string, HubEntity>> {
    return this.guarded(async () => {
      const found = await this.existing(urns);
      return new Map(found.map((e) => [e.ref.urn, entityOf(e.ref, e.aspects)]));
    });
  }

  getLineage(urns: readonly string[], direction: LineageDirection): Promise<Map<string, HubLineage>> {
    return this.guarded(async () => {
      const found = await this.existing(urns);
      const withLineage = found
        .filter((e) => ['dataset', 'chart', 'dashboard'].includes(e.ref.entityType))
        .map((e) => e.ref.urn);
      const edges = await this.hub.getLineageEdges(withLineage, direction);
      const unique = new Map(withLineage.map((urn) => [urn, uniqueLineageEdges(edges.get(urn) ?? [])]));
      const live = await this.hub.getLive([...new Set([...unique.values()].flat().map((e) => e.to))]);
      const out = new Map<string, HubLineage>();
      for (const { ref: r } of found) {
        const hop = unique.get(r.urn);
        if (!hop) {
          out.set(r.urn, { total: 0, relationships: [] });
          continue;
        }
        const v = lineageValue(
          r.urn,
          hop,
          hop.map((e) => live.has(e.to)),
          0,
          LINEAGE_COUNT,
        );
        out.set(r.urn, {
          total: v.total,
          relationships: v.relationships.map((rel) => ({
            type: rel.type,
            degree: rel.degree,
            createdOn: rel.createdOn,
            entity: rel.entity && entityRef(rel.entity),
          })),
        });
      }
      return out;
    });
  }

  /** Each existing entity's events of a timeseries aspect: datasets' read from the hub, others' empty. */
  private async events<T>(
    urns: readonly string[],
    aspectName: string,
    range: HubTimeRange,
    omit: readonly string[],
    map: (row: Parameters<typeof mapProfile>[0]) => T,
  ): Promise<Map<string, T[]>> {
    const eventsRange = eventRange(range);
    const found = await this.existing(urns);
    const datasets = found.filter((e) => e.ref.entityType === 'dataset').map((e) => e.ref.urn);
    const rows = await this.hub.getTimeseriesMany(datasets, aspectName, eventsRange, omit);
    return new Map(found.map((e) => [e.ref.urn, (rows.get(e.ref.urn) ?? []).map(map)]));
  }

  getOperations(urns: readonly string[], range: HubTimeRange): Promise<Map<string, HubOperation[]>> {
    return this.guarded(() => this.events(urns, 'operation', range, [], operationOf));
  }

  getProfiles(
    urns: readonly string[],
    range: HubTimeRange,
    selection: HubProfileSelection = {},
  ): Promise<Map<string, HubDatasetProfile[]>> {
    const omit = selection.fieldProfiles === false ? ['fieldProfiles'] : [];
    return this.guarded(() =>
      this.events(urns, 'datasetProfile', range, omit, (row) => profileOf(row, selection)),
    );
  }

  getDatasetOutlines(urns: readonly string[]): Promise<Map<string, HubDatasetOutline>> {
    return this.guarded(async () => {
      const datasets = await this.existing(urns, 'dataset');
      return new Map(datasets.map((d) => [d.ref.urn, outlineOf(d.ref.urn, d.aspects)]));
    });
  }

  /** The latest and up to `depth` earlier schema versions of each dataset, in aspect version order. */
  private async schemaVersions(
    datasets: readonly { ref: EntityRef; aspects: Aspects }[],
    depth: number,
  ): Promise<Map<string, HubSchemaVersion[]>> {
    const wanted = new Map(
      datasets.map((d) => [d.ref.urn, Array.from({ length: depth }, (_, i) => i + 1)] as [string, number[]]),
    );
    const older = await this.hub.getAspectVersions('schemaMetadata', wanted);
    const out = new Map<string, HubSchemaVersion[]>();
    for (const { ref: r, aspects } of datasets) {
      const versions: HubSchemaVersion[] = [];
      const latest = aspects.get('schemaMetadata');
      if (latest) versions.push(schemaVersionOf(r.urn, latest, 0));
      for (let i = 1; i <= depth; i++) {
        const stored = older.get(aspectVersionKey(r.urn, i));
        if (stored) versions.push(schemaVersionOf(r.urn, stored, i));
      }
      out.set(r.urn, inAspectVersionOrder(versions));
    }
    return out;
  }

  getSchemaHistory(urns: readonly string[], depth: number): Promise<Map<string, HubSchemaVersion[]>> {
    return this.guarded(async () => {
      const found = await this.existing(urns);
      const datasets = found.filter((e) => e.ref.entityType === 'dataset');
      const versions = await this.schemaVersions(datasets, schemaDepth(depth));
      return new Map(found.map((e) => [e.ref.urn, versions.get(e.ref.urn) ?? []]));
    });
  }

  getDatasetHistories(
    urns: readonly string[],
    request: HubHistoryRequest,
  ): Promise<Map<string, HubDatasetHistory>> {
    return this.guarded(async () => {
      const profileRange = request.profiles && eventRange(request.profiles);
      const operationRange = request.operations && eventRange(request.operations);
      const datasets = await this.existing(urns, 'dataset');
      const dataset = datasets.map((d) => d.ref.urn);
      const selection: HubProfileSelection = { fieldProfiles: request.profiles?.fieldProfiles !== false };
      const [profiles, operations, versions] = await Promise.all([
        profileRange &&
          this.hub.getTimeseriesMany(
            dataset,
            'datasetProfile',
            profileRange,
            selection.fieldProfiles ? [] : ['fieldProfiles'],
          ),
        operationRange && this.hub.getTimeseriesMany(dataset, 'operation', operationRange),
        request.schemaDepth === undefined
          ? undefined
          : this.schemaVersions(datasets, schemaDepth(request.schemaDepth)),
      ]);
      return new Map(
        datasets.map(({ ref: r, aspects }) => [
          r.urn,
          {
            outline: outlineOf(r.urn, aspects),
            profiles: (profiles?.get(r.urn) ?? []).map((row) => profileOf(row, selection)),
            operations: (operations?.get(r.urn) ?? []).map(operationOf),
            schemaVersions: versions?.get(r.urn) ?? [],
          },
        ]),
      );
    });
  }

  search(request: HubSearchRequest): Promise<HubSearchPage> {
    return this.guarded(async () => {
      const filters = (request.filters ?? []).map((f) => ({
        field: f.field,
        values: f.values,
        condition: f.condition ?? 'EQUAL',
        negated: f.negated ?? false,
      }));
      const { start, count } = pageArgs(request.start, request.count);
      const { outcome, searchResults, facets } = await runSearch(
        this.store,
        {
          types: request.types,
          query: request.query,
          ...(filters.length > 0 && { orFilters: [{ and: filters }] }),
          searchFlags: { skipAggregates: request.facets !== true },
        },
        start,
        count,
      );
      return {
        start,
        count: searchResults.length,
        total: outcome.total,
        hits: searchResults.map((s) => ({
          entity: entityRef(s.entity),
          matchedFields: s.matchedFields.map((m) => ({ name: m.name, value: m.value })),
        })),
        facets: facets.map((f) => ({
          field: f.field,
          aggregations: f.aggregations.map((a) => ({ value: a.value, count: a.count })),
        })),
      };
    });
  }

  scrollDatasets(request: { scrollId?: string | null; count: number }): Promise<HubScrollPage> {
    return this.guarded(async () => {
      const offset = decodeScrollId(request.scrollId);
      const { count } = pageArgs(0, request.count);
      const { outcome, searchResults } = await runSearch(
        this.store,
        { types: ['DATASET'], query: '*', searchFlags: { skipAggregates: true } },
        offset,
        count,
      );
      const next = offset + searchResults.length;
      const urns = searchResults.filter((s) => s.entity.entityType === 'dataset').map((s) => s.entity.urn);
      const aspects = await this.hub.getLatestAspects(urns);
      const datasets = urns.map((urn): HubDatasetSummary => {
        const a = aspects.get(urn) ?? new Map<string, StoredAspect>();
        const platform = platformRef(urnParts(urn)[0]);
        const tags = mapTags(urn, value(a, 'globalTags'));
        const props = datasetPropertiesValue(urn, value(a, 'datasetProperties'));
        return {
          urn,
          platform: { urn: platform.urn, name: urnParts(platform.urn)[0] ?? platform.urn },
          domain: domainOnly(urn, value(a, 'domains')),
          tags: tags && { tags: tags.tags.map((t) => ({ tag: { urn: t.tag.urn } })) },
          properties: props && {
            customProperties: props.customProperties.map((c) => ({ key: c.key, value: c.value })),
          },
        };
      });
      return {
        nextScrollId: searchResults.length > 0 && next < outcome.total ? encodeScrollId(next) : null,
        total: outcome.total,
        datasets,
      };
    });
  }
}

export function createEmbeddedHubPort(hub: EmbeddedHub, store: Store): HubPort {
  return new EmbeddedHubPort(hub, store);
}
