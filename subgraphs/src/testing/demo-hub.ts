import { generateDemoCatalog, type DemoCatalog } from '@dataspoke/demo/generator';
import { loadDemoCatalog } from '@dataspoke/demo/load';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { type HubPort } from '@dataspoke/domain/ports/hub-port';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import type { Store } from '@dataspoke/platform/store/db';
import type { StoreKind } from '@dataspoke/platform/testing/stores';

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
  const hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });
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
