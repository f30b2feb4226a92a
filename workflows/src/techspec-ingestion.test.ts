import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import { parseIngestionConfig } from '@dataspoke/domain/de/techspec/config';
import type { IngestionRepository } from '@dataspoke/domain/de/techspec/repository';
import { InProcessSpokeEvents } from '@dataspoke/domain/shared/spoke-events';
import { createActivities } from './activities.js';
import { WorkflowRunLog } from './run-log.js';
import { openTechSpecLake, type TechSpecLake } from './testing/techspec-lake.js';

/** The scheduled technical-spec ingestion: a tick runs the kept configurations whose own schedule is due. */
describe('technical-spec ingestion on a schedule', () => {
  let lake: TechSpecLake;
  let repository: IngestionRepository;
  let activities: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    lake = await openTechSpecLake('a.csv', 'x,y\n1,2\n');
    repository = lake.repository;
    const source = `sources:\n  - {name: lake, type: files, location: ${lake.folder}, namePrefix: lake}\n`;
    await repository.saveConfig(
      parseIngestionConfig(`name: hourly\nschedule: every 1h\n${source}`, techSpecSourceTypes),
      new Date(),
    );
    await repository.saveConfig(
      parseIngestionConfig(`name: on-demand\n${source}`, techSpecSourceTypes),
      new Date(),
    );
    activities = createActivities({
      store: lake.store,
      hub: lake.hubPort,
      validator: { validate: () => Promise.reject(new Error('not used')) },
      searchIndexer: null,
      runs: new WorkflowRunLog(lake.store),
      events: new InProcessSpokeEvents(),
      techSpec: { repository, ingestion: lake.ingestion },
      context: () => ({ heartbeat: () => undefined, lastHeartbeat: () => undefined }),
    });
  });

  afterAll(async () => {
    await lake?.close();
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
