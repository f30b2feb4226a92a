import type { Store } from '@dataspoke/platform/store/db';
import type { BuiltReadCache, EmbeddedHub, TimeRange, TimeseriesRow } from '@dataspoke/hub/embedded-hub';
import { createHubGraphql } from '@dataspoke/hub/graphql/index';
import { mapOperation, mapProfile } from '@dataspoke/hub/graphql/resolvers';
import {
  type HubDataset,
  type HubDatasetHistory,
  type HubDatasetOutline,
  type HubDatasetProfile,
  type HubEntity,
  type HubHistoryRequest,
  type HubLineage,
  type HubOperation,
  type HubPort,
  HubPortError,
  type HubTimeRange,
  type LineageDirection,
} from '../../ports/hub-port.js';
import { type GraphqlExecutor, GraphqlHubPort } from './graphql-hub-port.js';

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
