import type { Store } from '@dataspoke/platform/store/db';
import { aspectVersionKey, type EmbeddedHub, type TimeRange } from '@dataspoke/hub/embedded-hub';
import { isModelledEntityType } from '@dataspoke/hub/graphql/entity-types';
import { decodeScrollId, encodeScrollId, pageArgs, runSearch } from '@dataspoke/hub/graphql/search-args';
import type { JsonObject, StoredAspect } from '@dataspoke/hub/model';
import { mapTags, platformRef } from '@dataspoke/hub/read/aspect-values';
import { datasetPropertiesValue } from '@dataspoke/hub/read/entity-values';
import { lineageValue, uniqueLineageEdges } from '@dataspoke/hub/read/lineage-values';
import type { mapProfile } from '@dataspoke/hub/read/timeseries-values';
import { ref, urnParts, type EntityRef } from '@dataspoke/hub/read/values';
import {
  type HubDataset,
  type HubDatasetHistory,
  type HubDatasetOutline,
  type HubDatasetProfile,
  type HubDatasetSummary,
  type HubEntity,
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
import { inAspectVersionOrder, LINEAGE_COUNT, schemaDepth } from './graphql-hub-port.js';

import type { Aspects } from './embedded-selections.js';
import {
  entityRef,
  value,
  domainOnly,
  datasetOf,
  entityOf,
  outlineOf,
  schemaVersionOf,
  profileOf,
  operationOf,
} from './embedded-selections.js';

/**
 * The embedded adapter: the hub port answered from the embedded hub's reads (its store, behind the hub's own
 * read cache) with the hub's read model (`@dataspoke/hub/read/*`), the same values its GraphQL resolvers
 * answer with. Each method builds exactly what the GMS adapter's GraphQL documents select, so the two
 * adapters return the same data (hub-ports.test.ts checks it over every method), without running GraphQL
 * in process. Nothing is kept here: what is worth keeping is the hub's reads, and the hub drops those on a
 * change.
 */

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

/** A parent list being extended to its whole chain: where the next parent is read from. */
interface ParentChain {
  list: { urn: string }[];
  aspect: string;
  key: string;
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
      const entities = new Map(found.map((e) => [e.ref.urn, entityOf(e.ref, e.aspects)]));
      await this.withParentChains([...entities.values()]);
      return entities;
    });
  }

  /**
   * Extends each glossary term's and node's parentNodes and each domain's parentDomains from the direct
   * parent to the whole chain (nearest first, at most 20, stopping at a loop), one read per level.
   */
  private async withParentChains(entities: HubEntity[]): Promise<void> {
    let open: ParentChain[] = entities
      .map((e): ParentChain | null => {
        if (e.type === 'DOMAIN')
          return {
            list: (e.parentDomains as { domains: { urn: string }[] }).domains,
            aspect: 'domainProperties',
            key: 'parentDomain',
          };
        if (e.type === 'GLOSSARY_TERM' || e.type === 'GLOSSARY_NODE')
          return {
            list: (e.parentNodes as { nodes: { urn: string }[] }).nodes,
            aspect: 'glossaryNodeInfo',
            key: 'parentNode',
          };
        return null;
      })
      .filter((c): c is ParentChain => c !== null && c.list.length > 0);
    while (open.length > 0) {
      const read = await this.hub.getLatestAspects([...new Set(open.map((c) => c.list.at(-1)!.urn))]);
      open = open.filter((c) => {
        const parent = read.get(c.list.at(-1)!.urn)?.get(c.aspect)?.value[c.key];
        if (typeof parent !== 'string' || c.list.length >= 20 || c.list.some((n) => n.urn === parent))
          return false;
        c.list.push({ urn: parent });
        return true;
      });
    }
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

  getRelated(
    urns: readonly string[],
    types: readonly HubRelationshipType[],
  ): Promise<Map<string, HubRelated[]>> {
    return this.guarded(async () => {
      const found = await this.existing(urns);
      const wanted = new Set(types);
      return new Map(
        found.map((e) => {
          const terms = value(e.aspects, 'glossaryRelatedTerms');
          const product = value(e.aspects, 'dataProductProperties');
          const assets = Array.isArray(product?.assets)
            ? product.assets.map((a) => (a as JsonObject | null)?.destinationUrn)
            : [];
          const lists: [HubRelationshipType, unknown][] = [
            ['IsA', terms?.isRelatedTerms],
            ['HasA', terms?.hasRelatedTerms],
            ['IsRelatedTo', terms?.relatedTerms],
            ['DataProductContains', assets],
          ];
          const related = new Map<string, HubRelated>();
          for (const [type, list] of lists)
            if (wanted.has(type) && Array.isArray(list))
              for (const urn of list)
                if (typeof urn === 'string') related.set(`${urn}\u0000${type}`, { type, urn });
          // As the hub's relationship table answers: by related urn, then type.
          const sorted = [...related.values()].sort((a, b) =>
            a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0,
          );
          return [e.ref.urn, sorted.slice(0, RELATED_MAX)];
        }),
      );
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
