import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createGmsHubPort } from '@dataspoke/domain/adapters/hub/gms-hub-port';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { until } from '../testing/until.js';
import { openDemoActivities, type DemoActivities } from '../testing/demo-activities.js';
import {
  openTemporalTestInstallation,
  type TemporalTestInstallation,
} from '../testing/temporal-installation.js';
import type { ScheduleDefinition } from '../schedules.js';
import type { WorkflowActivities } from '../workflows/types.js';
import { temporalActivityContext, TemporalWorkflowEngine } from './temporal-engine.js';

/**
 * The Temporal engine against the real Temporal dev server dev_env/services.sh starts: Schedules that fire
 * and runs recorded by the workflow's own activities, retries of a failing activity ending in a failed run.
 * Each engine is an installation of its own (an id prefix and a task queue), so the plain schedule ids of
 * other tests and checkouts on the server do not collide.
 */
const ADDRESS = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
if (!ADDRESS)
  console.warn(
    '[skip] Temporal engine tests: DATASPOKE_TEST_TEMPORAL_ADDRESS is not set (dev_env/services.sh start temporal sets it)',
  );

describe.skipIf(!ADDRESS)('the Temporal workflow engine', () => {
  let demo: DemoActivities;
  let client: Client;
  const engines: TemporalWorkflowEngine[] = [];
  const installations: TemporalTestInstallation[] = [];

  const open = async (schedules: ScheduleDefinition[], activities: WorkflowActivities) => {
    const installation = await openTemporalTestInstallation(ADDRESS!, 'engine');
    installations.push(installation);
    const engine = await TemporalWorkflowEngine.connect({
      config: {
        temporalAddress: ADDRESS!,
        temporalNamespace: 'default',
        taskQueue: installation.taskQueue,
        temporalIdPrefix: installation.idPrefix,
      },
      schedules,
      activities,
    });
    engines.push(engine);
    await engine.start();
    return { engine, installation };
  };

  beforeAll(async () => {
    demo = await openDemoActivities(storeKinds()[0]!, 30);
    client = new Client({ connection: await Connection.connect({ address: ADDRESS! }) });
  }, 120_000);

  afterAll(async () => {
    for (const e of engines) await e.stop();
    for (const i of installations) await i.remove();
    await client?.connection.close();
    await demo?.test.dispose();
  });

  it('creates its schedules idempotently; a schedule fires and its run is recorded', async () => {
    const schedules: ScheduleDefinition[] = [
      { id: 'metrics-collection', workflow: 'metricsCollection', spec: 'every 2s' },
    ];
    const { engine, installation } = await open(schedules, demo.activities(temporalActivityContext));
    await engine.ensureSchedules(); // again: no error, still one schedule
    // On Temporal the schedule's id carries the installation's prefix; the run history keeps the plain one.
    const onTemporal = await client.schedule
      .getHandle(`${installation.idPrefix}metrics-collection`)
      .describe();
    expect(onTemporal.action).toMatchObject({ taskQueue: installation.taskQueue });
    const run = await until('a scheduled run', async () => {
      const { runs } = await demo.runs.list({ workflow: 'metricsCollection' });
      return runs.find((r) => r.id.startsWith(installation.idPrefix) && r.status === 'COMPLETED');
    });
    expect(run).toMatchObject({ engine: 'temporal', trigger: 'schedule', scheduleId: 'metrics-collection' });
    expect(run.id.startsWith(`${installation.idPrefix}metrics-collection`)).toBe(true);
    expect(run.outcome!.counts.datasets).toBe(30);
    const [listed] = await engine.list();
    expect(listed).toMatchObject({ id: schedules[0]!.id, paused: false });
    expect(listed!.lastRunAt).not.toBeNull();
    await engine.pause(schedules[0]!.id, 'test');
    expect((await engine.list())[0]).toMatchObject({ paused: true, note: 'test', nextRunAt: null });
  }, 120_000);

  it('retries a failing activity with backoff, then the run fails with its reason', async () => {
    // DataHub unreachable: nothing listens on port 1.
    const down = createGmsHubPort({ url: 'http://127.0.0.1:1', timeoutMs: 500 });
    const real = demo.activities(temporalActivityContext, down);
    // Attempts per workflow: the schedule's own hourly tick may start a second run if the test spans the hour.
    const attempts = new Map<string, number>();
    const counted: WorkflowActivities = {
      ...real,
      collectCatalogMetrics: (request) => {
        attempts.set(request.runId, (attempts.get(request.runId) ?? 0) + 1);
        return real.collectCatalogMetrics(request);
      },
    };
    const schedules: ScheduleDefinition[] = [
      { id: 'metrics-collection', workflow: 'metricsCollection', spec: 'every 1h' },
    ];
    const { engine } = await open(schedules, counted);
    const { runId } = await engine.trigger('metrics-collection');
    const run = await until('the failed run', async () => {
      const { runs } = await demo.runs.list({ workflow: 'metricsCollection', statuses: ['FAILED'] });
      return runs.find((r) => r.id === runId);
    });
    // Triggered by hand, as the in-process engine records it too.
    expect(run).toMatchObject({ trigger: 'manual', scheduleId: 'metrics-collection', engine: 'temporal' });
    expect(attempts.get(runId)).toBe(5);
    expect(run.error).toMatch(/DataHub|ECONNREFUSED|unavailable|fetch failed/i);
    // Temporal too sees the run fail (the run history is written just before).
    const handle = client.workflow.getHandle(run.id);
    await expect(handle.result()).rejects.toThrow(/Workflow execution failed/);
    expect((await handle.describe()).status.name).toBe('FAILED');
  }, 120_000);
});
