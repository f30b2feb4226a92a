import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createGmsHubPort } from '@dataspoke/domain/adapters/hub/gms-hub-port';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { openDemoActivities, type DemoActivities } from '../testing/demo-activities.js';
import type { ScheduleDefinition } from '../schedules.js';
import type { WorkflowActivities } from '../workflows/types.js';
import { temporalActivityContext, TemporalWorkflowEngine } from './temporal-engine.js';

/**
 * The Temporal engine against the real Temporal dev server dev_env/services.sh starts: Schedules that fire
 * and runs recorded by the workflow's own activities, retries of a failing activity ending in a failed run.
 * Each test uses its own task queue and schedule ids, so runs of other checkouts on the server do not mix.
 */
const ADDRESS = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
if (!ADDRESS)
  console.warn(
    '[skip] Temporal engine tests: DATASPOKE_TEST_TEMPORAL_ADDRESS is not set (dev_env/services.sh start temporal sets it)',
  );

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!ADDRESS)('the Temporal workflow engine', () => {
  let demo: DemoActivities;
  let client: Client;
  const suffix = randomBytes(4).toString('hex');
  const engines: TemporalWorkflowEngine[] = [];
  const scheduleIds: string[] = [];

  const open = async (schedules: ScheduleDefinition[], activities: WorkflowActivities) => {
    scheduleIds.push(...schedules.map((s) => s.id));
    const engine = await TemporalWorkflowEngine.connect({
      config: {
        temporalAddress: ADDRESS!,
        temporalNamespace: 'default',
        taskQueue: `test-${suffix}-${engines.length}`,
      },
      schedules,
      activities,
    });
    engines.push(engine);
    await engine.start();
    return engine;
  };

  beforeAll(async () => {
    demo = await openDemoActivities(storeKinds()[0]!, 30);
    client = new Client({ connection: await Connection.connect({ address: ADDRESS! }) });
  }, 120_000);

  afterAll(async () => {
    for (const e of engines) await e.stop();
    for (const id of scheduleIds)
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await client?.connection.close();
    await demo?.test.dispose();
  });

  it('creates its schedules idempotently; a schedule fires and its run is recorded', async () => {
    const schedules: ScheduleDefinition[] = [
      { id: `test-${suffix}-metrics`, workflow: 'metricsCollection', spec: 'every 2s' },
    ];
    const engine = await open(schedules, demo.activities(temporalActivityContext));
    await engine.ensureSchedules(); // again: no error, still one schedule
    const run = await until('a scheduled run', async () => {
      const { runs } = await demo.runs.list({ workflow: 'metricsCollection' });
      return runs.find((r) => r.scheduleId === schedules[0]!.id && r.status === 'COMPLETED');
    });
    expect(run).toMatchObject({ engine: 'temporal', trigger: 'schedule' });
    expect(run.id.startsWith(schedules[0]!.id)).toBe(true);
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
    let attempts = 0;
    const counted: WorkflowActivities = {
      ...real,
      collectCatalogMetrics: (request) => {
        attempts++;
        return real.collectCatalogMetrics(request);
      },
    };
    const schedules: ScheduleDefinition[] = [
      { id: `test-${suffix}-failing`, workflow: 'metricsCollection', spec: 'every 1h' },
    ];
    const engine = await open(schedules, counted);
    await engine.trigger(schedules[0]!.id);
    const run = await until('the failed run', async () => {
      const { runs } = await demo.runs.list({ workflow: 'metricsCollection', statuses: ['FAILED'] });
      return runs.find((r) => r.scheduleId === schedules[0]!.id);
    });
    expect(attempts).toBe(5);
    expect(run.error).toMatch(/DataHub|ECONNREFUSED|unavailable|fetch failed/i);
    // Temporal too sees the run fail (the run history is written just before).
    const handle = client.workflow.getHandle(run.id);
    await expect(handle.result()).rejects.toThrow(/Workflow execution failed/);
    expect((await handle.describe()).status.name).toBe('FAILED');
  }, 120_000);
});
