import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { createEmbeddedHubAspects } from '@dataspoke/domain/adapters/hub/embedded-hub-aspects';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import { IngestionRepository } from '@dataspoke/domain/de/techspec/repository';
import { TechSpecIngestion } from '@dataspoke/domain/de/techspec/service';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';

/**
 * A folder with one CSV file that the embedded hub knows as a dataset (`lake/<file>` on platform `file`), and
 * the real technical-spec ingestion over a memory store: what the ingestion workflow's tests run.
 */
export interface TechSpecLake {
  store: Store;
  hub: EmbeddedHub;
  hubPort: HubPort;
  repository: IngestionRepository;
  ingestion: TechSpecIngestion;
  /** The folder, for a `files` source (`namePrefix: lake`). */
  folder: string;
  urn: string;
  close(): Promise<void>;
}

export async function openTechSpecLake(file: string, content: string): Promise<TechSpecLake> {
  const store = await openMemoryStore();
  const folder = mkdtempSync(path.join(tmpdir(), 'techspec-lake-'));
  writeFileSync(path.join(folder, file), content);
  const urn = `urn:li:dataset:(urn:li:dataPlatform:file,lake/${file},PROD)`;
  const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
  await hub.ingest([
    {
      entityType: 'dataset',
      entityUrn: urn,
      changeType: 'UPSERT',
      aspectName: 'datasetProperties',
      aspect: { name: file, customProperties: {} },
    },
  ]);
  const hubPort = createEmbeddedHubPort(hub, store);
  const repository = new IngestionRepository(store);
  const ingestion = new TechSpecIngestion({
    hub: hubPort,
    aspects: createEmbeddedHubAspects(hub),
    repository,
    sourceTypes: techSpecSourceTypes,
    actor: 'urn:li:corpuser:dataspoke',
  });
  return {
    store,
    hub,
    hubPort,
    repository,
    ingestion,
    folder,
    urn,
    async close() {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
