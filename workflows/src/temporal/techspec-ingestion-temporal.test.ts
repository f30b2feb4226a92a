import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import { parseIngestionConfig } from '@dataspoke/domain/de/techspec/config';
import { InProcessSpokeEvents } from '@dataspoke/domain/shared/spoke-events';
import { createActivities } from '../activities.js';
import { WorkflowRunLog } from '../run-log.js';
import {
  openTemporalTestInstallation,
  type TemporalTestInstallation,
} from '../testing/temporal-installation.js';
import { openTechSpecLake, type TechSpecLake } from '../testing/techspec-lake.js';
import { until } from '../testing/until.js';
import { temporalActivityContext, TemporalWorkflowEngine } from './temporal-engine.js';

/**
 * The techSpecIngestion workflow on the real Temporal dev server (dev_env/services.sh): its activity runs the
 * kept configurations that are due on the worker, writes their specs to the hub, and a source that cannot be read
 * ends its configuration's run FAILED with its code while the workflow itself completes (no retry of a business
 * failure). The engine is an installation of its own (id prefix and task queue), so no schedule or workflow id
 * collides with another test's or checkout's.
 */
const ADDRESS = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
if (!ADDRESS)
  console.warn(
    '[skip] techSpecIngestion on Temporal: DATASPOKE_TEST_TEMPORAL_ADDRESS is not set (dev_env/services.sh start temporal sets it)',
  );

describe.skipIf(!ADDRESS)('technical-spec ingestion on Temporal', () => {
  let lake: TechSpecLake;
  let runs: WorkflowRunLog;
  let installation: TemporalTestInstallation;
  let engine: TemporalWorkflowEngine;

  beforeAll(async () => {
    lake = await openTechSpecLake('orders.csv', 'id;amount\n1;9.5\n2;12\n');
    const { repository } = lake;
    await repository.saveConfig(
      parseIngestionConfig(
        `name: lake-specs\nschedule: every 1h\nsources:\n  - {name: lake, type: files, location: ${lake.folder}, namePrefix: lake}\n`,
        techSpecSourceTypes,
      ),
      new Date(),
    );
    await repository.saveConfig(
      parseIngestionConfig(
        `name: gone-specs\nschedule: every 1h\nsources:\n  - {name: gone, type: files, location: ${path.join(lake.folder, 'missing')}}\n`,
        techSpecSourceTypes,
      ),
      new Date(),
    );
    runs = new WorkflowRunLog(lake.store);
    installation = await openTemporalTestInstallation(ADDRESS!, 'techspec');
    engine = await TemporalWorkflowEngine.connect({
      config: {
        temporalAddress: ADDRESS!,
        temporalNamespace: 'default',
        taskQueue: installation.taskQueue,
        temporalIdPrefix: installation.idPrefix,
      },
      schedules: [{ id: 'techspec-ingestion', workflow: 'techSpecIngestion', spec: 'every 1h' }],
      activities: createActivities({
        store: lake.store,
        hub: lake.hubPort,
        validator: { validate: () => Promise.reject(new Error('not used by this workflow')) },
        searchIndexer: null,
        runs,
        events: new InProcessSpokeEvents(),
        techSpec: { repository, ingestion: lake.ingestion },
        context: temporalActivityContext,
      }),
    });
    await engine.start();
    // The test triggers by hand; the hourly tick, were the test to span the hour, would run the due configs first.
    await engine.pause('techspec-ingestion', 'triggered by hand in this test');
  }, 120_000);

  afterAll(async () => {
    await engine?.stop();
    await installation?.remove();
    await lake?.close();
  });

  it('runs the due configurations on the worker, writes their specs, and reports the one that failed', async () => {
    const { runId } = await engine.trigger('techspec-ingestion');
    expect(runId.startsWith(installation.idPrefix)).toBe(true);
    const run = await until('the techSpecIngestion run', async () => {
      const { runs: found } = await runs.list({ workflow: 'techSpecIngestion' });
      return found.find((r) => r.id === runId && r.status !== 'RUNNING');
    });
    expect(run).toMatchObject({ engine: 'temporal', trigger: 'manual', status: 'COMPLETED' });
    expect(run.outcome!.counts).toMatchObject({ configs: 2, due: 2, succeeded: 1, failed: 1, written: 1 });
    expect(run.outcome!.warnings.join('\n')).toMatch(/gone-specs: FAILED: gone: SOURCE_UNREACHABLE/);

    // Each configuration's own run is kept, as the schedule's.
    const lakeRuns = await lake.repository.listRuns({ configName: 'lake-specs', offset: 0, limit: 5 });
    expect(lakeRuns.runs.map((r) => [r.trigger, r.status])).toEqual([['schedule', 'SUCCEEDED']]);
    const goneRuns = await lake.repository.listRuns({ configName: 'gone-specs', offset: 0, limit: 5 });
    expect(goneRuns.runs.map((r) => r.status)).toEqual(['FAILED']);

    // The spec reached the hub as structured properties.
    const props = (await lake.hub.getAspect(lake.urn, 'structuredProperties'))?.value as
      { properties: { propertyUrn: string; values: { string?: string }[] }[] } | undefined;
    expect(
      props?.properties.find((p) => p.propertyUrn === 'urn:li:structuredProperty:io.dataspoke.files.format')
        ?.values,
    ).toEqual([{ string: 'csv' }]);

    // Temporal too sees the workflow complete (the run history is written just before): a business failure is
    // not retried as an activity failure.
    const handle = installation.client.workflow.getHandle(runId);
    await expect(handle.result()).resolves.toMatchObject({ counts: { failed: 1 } });
    expect((await handle.describe()).status.name).toBe('COMPLETED');

    // Within the hour nothing is due again.
    const { runId: second } = await engine.trigger('techspec-ingestion');
    const again = await until('the second run', async () => {
      const { runs: found } = await runs.list({ workflow: 'techSpecIngestion' });
      return found.find((r) => r.id === second && r.status !== 'RUNNING');
    });
    expect(again.outcome!.counts).toMatchObject({ configs: 2, due: 0, written: 0 });
  }, 180_000);
});
