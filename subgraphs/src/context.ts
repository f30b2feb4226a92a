import type DataLoader from 'dataloader';
import type { Identity } from '@dataspoke/domain/auth/identity';
import type {
  HubDataset,
  HubEntity,
  HubLineage,
  HubOperation,
  HubPort,
  LineageDirection,
} from '@dataspoke/domain/ports/hub-port';
import { OPERATION_HISTORY } from '@dataspoke/domain/de/freshness';
import { keyedLoader } from '@dataspoke/platform/graphql/keyed-loader';
import type { NlSearchDeps } from '@dataspoke/domain/da/nl-search';
import { fromHubError } from './errors.js';

/**
 * Per-request loaders over the hub port: every load made while one level of a response resolves is
 * answered by one port call, and each urn is read at most once per request. In the embedded gateway all
 * subgraphs share one request context, so a dataset the datahub subgraph read is not read again by dg.
 */
export interface HubLoaders {
  datasets: DataLoader<string, HubDataset | null>;
  entities: DataLoader<string, HubEntity | null>;
  lineage: Record<LineageDirection, DataLoader<string, HubLineage>>;
  /** The operation history the freshness feature learns from. */
  operations: DataLoader<string, HubOperation[]>;
}

export interface SubgraphContext {
  hub: HubPort;
  /** Who is calling, as the gateway authenticated it; null when nobody did (root fields then refuse). */
  identity: Identity | null;
  /** The request's clock. */
  now: number;
  loaders: HubLoaders;
  /** The DA search index (documents, embedder, vectors); absent where the server runs without it. */
  search?: NlSearchDeps | null;
}

function loader<V>(
  fetch: (urns: readonly string[]) => Promise<Map<string, V>>,
  missing: () => V,
): DataLoader<string, V> {
  return keyedLoader(fetch, missing, { maxBatchSize: 1000, onError: fromHubError });
}

export function createSubgraphContext(
  hub: HubPort,
  identity: Identity | null = null,
  now: number = Date.now(),
): SubgraphContext {
  return {
    hub,
    identity,
    now,
    loaders: {
      datasets: loader<HubDataset | null>(
        (urns) => hub.getDatasets(urns),
        () => null,
      ),
      entities: loader<HubEntity | null>(
        (urns) => hub.getEntities(urns),
        () => null,
      ),
      lineage: {
        UPSTREAM: loader<HubLineage>(
          (urns) => hub.getLineage(urns, 'UPSTREAM'),
          () => ({ total: 0, relationships: [] }),
        ),
        DOWNSTREAM: loader<HubLineage>(
          (urns) => hub.getLineage(urns, 'DOWNSTREAM'),
          () => ({ total: 0, relationships: [] }),
        ),
      },
      operations: loader<HubOperation[]>(
        (urns) => hub.getOperations(urns, OPERATION_HISTORY),
        () => [],
      ),
    },
  };
}
