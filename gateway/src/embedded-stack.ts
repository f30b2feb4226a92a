import type { Config } from '@dataspoke/domain/config/config';
import { InProcessEventBus, type EventBus } from '@dataspoke/domain/events/event-bus';
import { InProcessSpokeEvents, type SpokeEventPort } from '@dataspoke/domain/events/spoke-events';
import { EmbeddedHub } from '@dataspoke/domain/hub/embedded-hub';
import { createEmbeddedHubPort, createGmsHubPort, type HubPort } from '@dataspoke/domain/hub/hub-port';
import { SearchIndexer } from '@dataspoke/domain/hub/search-indexer';
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
  return {
    config,
    store,
    events,
    spokeEvents: new InProcessSpokeEvents((error, event) => {
      console.error(`spoke event subscriber failed on ${event.type} ${event.datasetUrn}:`, error);
    }),
    hub,
    hubPort:
      config.hub.kind === 'gms' && config.hub.gmsUrl
        ? createGmsHubPort({ url: config.hub.gmsUrl, ...(config.hub.token && { token: config.hub.token }) })
        : createEmbeddedHubPort(hub, store),
    close: () => store.close(),
  };
}
