import type { Config } from '@dataspoke/domain/config/config';
import { InProcessEventBus, type EventBus } from '@dataspoke/domain/events/event-bus';
import { InProcessSpokeEvents, type SpokeEventPort } from '@dataspoke/domain/events/spoke-events';
import { EmbeddedHub } from '@dataspoke/domain/hub/embedded-hub';
import { createEmbeddedHubPort, createGmsHubPort, type HubPort } from '@dataspoke/domain/hub/hub-port';
import { SearchIndexer } from '@dataspoke/domain/hub/search-indexer';
import { SearchIndexer as DatasetSearchIndexer } from '@dataspoke/domain/features/search-index';
import type { NlSearchDeps } from '@dataspoke/domain/features/nl-search';
import { openSearchAdapters, type SearchAdapters } from '@dataspoke/domain/search/open-search';
import { openStore, type Store } from '@dataspoke/domain/store/db';

/** Everything the embedded default runs in one process, built from validated configuration. */
export interface EmbeddedStack {
  config: Config;
  store: Store;
  events: EventBus;
  /** DataSpoke's own results (a failed validation…), for notifications and other reactions. */
  spokeEvents: SpokeEventPort;
  hub: EmbeddedHub;
  /** How the subgraphs read DataHub: the embedded hub in-process, or a real DataHub's GMS (DATASPOKE_HUB=gms). */
  hubPort: HubPort;
  /** The DA natural-language search: its adapters, the services the da subgraph reads, and the indexer. */
  search: { adapters: SearchAdapters; deps: NlSearchDeps; indexer: DatasetSearchIndexer };
  close(): Promise<void>;
}

/**
 * The composition root of the embedded default: picks the store adapter the configuration names, applies
 * migrations, and wires the hub to the in-process event bus and its derived indexes.
 */
export async function openEmbeddedStack(config: Config): Promise<EmbeddedStack> {
  const store = await openStore(config.store);
  const events = new InProcessEventBus((error, event) => {
    console.error(`event subscriber failed on ${event.entityUrn} ${event.aspectName}:`, error);
  });
  const hub = new EmbeddedHub({ store, events, indexer: new SearchIndexer() });
  // The hub caches what it reads while it follows the writes of every hub on the store (other processes may
  // share a PostgreSQL store).
  const stopFollowing = await hub.followWrites();
  const hubPort =
    config.hub.kind === 'gms' && config.hub.gmsUrl
      ? createGmsHubPort({ url: config.hub.gmsUrl, ...(config.hub.token && { token: config.hub.token }) })
      : createEmbeddedHubPort(hub, store);
  const adapters = await openSearchAdapters(config.search, store);
  for (const note of adapters.notes) console.warn(`search: ${note}`);
  const indexer = new DatasetSearchIndexer({
    hub: hubPort,
    documents: adapters.documents,
    embedder: adapters.embedder,
    vectors: adapters.vectors,
    onError: (error) => console.error('search index: following a hub change failed:', error),
  });
  // The search index follows the hub: a changed dataset, chart or dashboard is re-indexed shortly after.
  // (Nothing follows a real DataHub's changes yet: its MetadataChangeLog consumer is planned in issue #17.)
  events.subscribe((event) => {
    if (!event.timeseries && /^urn:li:(dataset|chart|dashboard):/.test(event.entityUrn))
      indexer.notify(event.entityUrn);
  });
  // The first search would otherwise wait for the search mirror to load (seconds at 100k datasets).
  let closing = false;
  adapters.documents.prepare().catch((error: unknown) => {
    if (!closing)
      console.error('search: loading the search documents failed (the first search retries):', error);
  });
  return {
    config,
    store,
    events,
    spokeEvents: new InProcessSpokeEvents((error, event) => {
      console.error(`spoke event subscriber failed on ${event.type} ${event.datasetUrn}:`, error);
    }),
    hub,
    hubPort,
    search: {
      adapters,
      indexer,
      deps: { documents: adapters.documents, embedder: adapters.embedder, vectors: adapters.vectors },
    },
    close: async () => {
      closing = true;
      await indexer.stop();
      await stopFollowing();
      await adapters.close();
      await store.close();
    },
  };
}
