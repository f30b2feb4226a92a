import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { createEmbeddedHubAspects } from '@dataspoke/domain/adapters/hub/embedded-hub-aspects';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import { parseIngestionConfig } from '@dataspoke/domain/de/techspec/config';
import { IngestionRepository } from '@dataspoke/domain/de/techspec/repository';
import { TechSpecIngestion } from '@dataspoke/domain/de/techspec/service';
import { InProcessSpokeEvents } from '@dataspoke/domain/shared/spoke-events';
import { createActivities } from './activities.js';
import { WorkflowRunLog } from './run-log.js';

/** The scheduled technical-spec ingestion: a tick runs the kept configurations whose own schedule is due. */
describe('technical-spec ingestion on a schedule', () => {
  let store: Store;
  let lake: string;
  let repository: IngestionRepository;
  let activities: ReturnType<typeof createActivities>;
  const URN = 'urn:li:dataset:(urn:li:dataPlatform:file,lake/a.csv,PROD)';

  beforeAll(async () => {
    store = await openMemoryStore();
    lake = mkdtempSync(path.join(tmpdir(), 'techspec-schedule-'));
    writeFileSync(path.join(lake, 'a.csv'), 'x,y\n1,2\n');
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
    await hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: URN,
        changeType: 'UPSERT',
        aspectName: 'datasetProperties',
        aspect: { name: 'a.csv', customProperties: {} },
      },
    ]);
    const hubPort = createEmbeddedHubPort(hub, store);
    repository = new IngestionRepository(store);
    const ingestion = new TechSpecIngestion({
      hub: hubPort,
      aspects: createEmbeddedHubAspects(hub),
      repository,
      sourceTypes: techSpecSourceTypes,
      actor: 'urn:li:corpuser:dataspoke',
    });
    const source = `sources:\n  - {name: lake, type: files, location: ${lake}, namePrefix: lake}\n`;
    await repository.saveConfig(
      parseIngestionConfig(`name: hourly\nschedule: every 1h\n${source}`, techSpecSourceTypes),
      new Date(),
    );
    await repository.saveConfig(
      parseIngestionConfig(`name: on-demand\n${source}`, techSpecSourceTypes),
      new Date(),
    );
    activities = createActivities({
      store,
      hub: hubPort,
      validator: { validate: () => Promise.reject(new Error('not used')) },
      searchIndexer: null,
      runs: new WorkflowRunLog(store),
      events: new InProcessSpokeEvents(),
      techSpec: { repository, ingestion },
      context: () => ({ heartbeat: () => undefined, lastHeartbeat: () => undefined }),
    });
  });

  afterAll(async () => {
    await store?.close();
    rmSync(lake, { recursive: true, force: true });
  });

  it('runs a scheduled configuration when due, not again before its next tick, and never an on-demand one', async () => {
    const now = Date.now();
    const first = await activities.runDueIngestions({ runId: 'tick-1', asOf: now });
    expect(first.counts).toMatchObject({ configs: 1, due: 1, succeeded: 1, written: 1 });
    const runs = await repository.listRuns({ configName: 'hourly', offset: 0, limit: 5 });
    expect(runs.runs.map((r) => [r.trigger, r.status])).toEqual([['schedule', 'SUCCEEDED']]);
    expect((await repository.listRuns({ configName: 'on-demand', offset: 0, limit: 5 })).total).toBe(0);

    const again = await activities.runDueIngestions({ runId: 'tick-2', asOf: now + 60_000 });
    expect(again.counts).toMatchObject({ due: 0, succeeded: 0 });
    const later = await activities.runDueIngestions({ runId: 'tick-3', asOf: now + 3_700_000 });
    expect(later.counts).toMatchObject({ due: 1, succeeded: 1 });
  });
});
