import { generateDemoCatalog } from '@dataspoke/demo/generator';
import { loadDemoCatalog } from '@dataspoke/demo/load';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { ValidationService } from '@dataspoke/domain/de/validation/service';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import { InProcessSpokeEvents, type SpokeEvent } from '@dataspoke/domain/shared/spoke-events';
import type { StoreKind, TestStore } from '@dataspoke/platform/testing/stores';
import { createActivities, type ActivityContext, type ActivityDeps } from '../activities.js';
import { WorkflowRunLog } from '../run-log.js';
import type { WorkflowActivities } from '../workflows/types.js';

/** A store with a small demo catalog, and the real activities over it. */
export interface DemoActivities {
  test: TestStore;
  /** The embedded hub itself, to change the catalog. */
  embedded: EmbeddedHub;
  hub: HubPort;
  runs: WorkflowRunLog;
  /** The spoke events the validator published (a failing validation each). */
  events: SpokeEvent[];
  activities(
    context: () => ActivityContext,
    hub?: HubPort,
    searchIndexer?: ActivityDeps['searchIndexer'],
  ): WorkflowActivities;
}

export async function openDemoActivities(kind: StoreKind, datasets = 24): Promise<DemoActivities> {
  const test = await kind.open();
  const embedded = new EmbeddedHub({
    store: test.store,
    events: new InProcessEventBus(),
    indexer: new HubSearchIndexer(),
  });
  await loadDemoCatalog(
    embedded,
    generateDemoCatalog({ seed: 7, now: Date.now(), historyDays: 30, datasets }),
  );
  const hub = createEmbeddedHubPort(embedded, test.store);
  const runs = new WorkflowRunLog(test.store);
  const spokeEvents = new InProcessSpokeEvents();
  const events: SpokeEvent[] = [];
  spokeEvents.subscribe((e) => void events.push(e));
  return {
    test,
    embedded,
    hub,
    runs,
    events,
    activities: (context, readFrom = hub, searchIndexer = null) =>
      createActivities({
        store: test.store,
        hub: readFrom,
        validator: new ValidationService({ hub: readFrom, store: test.store, events: spokeEvents }),
        searchIndexer,
        techSpec: null,
        runs,
        events: spokeEvents,
        context,
      }),
  };
}
