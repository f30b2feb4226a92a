import { generateDemoCatalog, type DemoCatalog } from '@dataspoke/domain/demo/generator';
import { loadDemoCatalog } from '@dataspoke/domain/demo/load';
import { InProcessEventBus } from '@dataspoke/domain/events/event-bus';
import { EmbeddedHub } from '@dataspoke/domain/hub/embedded-hub';
import { createEmbeddedHubPort, type HubPort } from '@dataspoke/domain/hub/hub-port';
import { SearchIndexer } from '@dataspoke/domain/hub/search-indexer';
import type { Store } from '@dataspoke/domain/store/db';
import type { StoreKind } from '@dataspoke/domain/testing/stores';

/** An embedded hub loaded with the demo catalog, for subgraph and gateway tests. */
export interface DemoHub {
  store: Store;
  hub: EmbeddedHub;
  port: HubPort;
  catalog: DemoCatalog;
  /** The per-test database's URL on PostgreSQL, for other processes to share. */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

export async function openDemoHub(
  kind: StoreKind,
  options: { historyDays?: number; datasets?: number; now?: number } = {},
): Promise<DemoHub> {
  const test = await kind.open();
  const store = test.store;
  const hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new SearchIndexer() });
  const catalog = generateDemoCatalog({
    seed: 42,
    now: options.now ?? Date.now(),
    historyDays: options.historyDays ?? 30,
    ...(options.datasets !== undefined && { datasets: options.datasets }),
  });
  await loadDemoCatalog(hub, catalog);
  return {
    store,
    hub,
    port: createEmbeddedHubPort(hub, store),
    catalog,
    ...(test.databaseUrl && { databaseUrl: test.databaseUrl }),
    dispose: () => test.dispose(),
  };
}
