/**
 * What one execution of the hub's GraphQL shares: the hub, its store, and per-execution loaders that batch
 * a whole level of a query into one hub read.
 */
import type DataLoader from 'dataloader';
import type { Store } from '@dataspoke/platform/store/db';
import { keyedLoader } from '@dataspoke/platform/graphql/keyed-loader';
import type { EmbeddedHub, TimeRange, TimeseriesRow } from '../embedded-hub.js';
import type { StoredAspect } from '../model.js';
import type { LineageDirection, LineageEdge } from './lineage.js';

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
