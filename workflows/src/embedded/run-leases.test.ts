import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_SKIP_REASON, storeKinds } from '@dataspoke/platform/testing/stores';
import { until } from '../testing/until.js';
import { openDemoActivities, type DemoActivities } from '../testing/demo-activities.js';
import type { ScheduleDefinition } from '../schedules.js';
import type { RunContext, WorkflowActivities } from '../workflows/types.js';
import { embeddedActivityContext, EmbeddedWorkflowEngine } from './embedded-engine.js';

/**
 * In process over a PostgreSQL store shared by several processes, a run shown RUNNING may be another live
 * process's: only a run whose lease lapsed (its process died without finishing it) is marked failed.
 */
const postgres = storeKinds().find((k) => k.name === 'postgres');
if (!postgres) console.warn(`[skip] run leases on a shared PostgreSQL store: ${POSTGRES_SKIP_REASON}`);

// Renewed every third of it: a live process would have to stall for two thirds of it to lose a run.
const LEASE_MS = 9_000;
const SCHEDULES: ScheduleDefinition[] = [
  { id: 'metrics-collection', workflow: 'metricsCollection', spec: 'every 1h' },
];

describe.skipIf(!postgres)('runs left RUNNING on a shared PostgreSQL store', () => {
  let demo: DemoActivities;
  const engines: EmbeddedWorkflowEngine[] = [];
  let release: () => void = () => undefined;

  beforeAll(async () => {
    demo = await openDemoActivities(postgres!, 10);
  }, 120_000);
  afterAll(async () => {
    release();
    for (const e of engines) await e.stop();
    await demo?.test.dispose();
  });

  const engine = (activities: WorkflowActivities) => {
    const e = new EmbeddedWorkflowEngine({
      store: demo.test.store,
      activities,
      runs: demo.runs,
      schedules: SCHEDULES,
      leaseMs: LEASE_MS,
    });
    engines.push(e);
    return e;
  };
  /** The row a process SIGKILLed in the middle of a run leaves: RUNNING, its lease (if any) not renewed. */
  const leftByADeadProcess = async (id: string, renewedUntil: number | null) => {
    const run: RunContext = {
      id,
      workflow: 'metricsCollection',
      scheduleId: 'metrics-collection',
      trigger: 'schedule',
      engine: 'embedded',
    };
    await demo.runs.started({ ...run, startedAt: Date.now() - 10 * 60_000 });
    if (renewedUntil !== null) await demo.runs.renew([id], renewedUntil);
  };

  it("marks failed the runs of a process that died, at start and later, never a live process's", async () => {
    await leftByADeadProcess('dead-before-start', null);

    // A live process runs a long collection (triggered, so with no tick of its own).
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = demo.activities(embeddedActivityContext);
    const live = engine({
      ...real,
      collectCatalogMetrics: async (request) => {
        await gate;
        return real.collectCatalogMetrics(request);
      },
    });
    const { runId: liveRun, finished } = await live.trigger('metrics-collection');
    const liveStarted = await until('the live run recorded', async () => {
      const run = await demo.runs.get(liveRun);
      return run?.status === 'RUNNING' && run.startedAt;
    });

    // Another process starts: the dead process's run is failed, the live one's is not.
    const other = engine(real);
    await other.start();
    expect(await demo.runs.get('dead-before-start')).toMatchObject({
      status: 'FAILED',
      error: 'interrupted: the process stopped during the run',
    });
    expect(await demo.runs.get(liveRun)).toMatchObject({ status: 'RUNNING' });

    // Well past the live run's first lease, a process dies after renewing its run's lease once.
    await new Promise((r) => setTimeout(r, Math.max(0, liveStarted + 2 * LEASE_MS - Date.now())));
    await leftByADeadProcess('dead-while-running', Date.now() - 1);
    // The running process finds it in its next pass, and still leaves the live run alone.
    await until('the later dead run failed', async () => {
      return (await demo.runs.get('dead-while-running'))?.status === 'FAILED';
    });
    expect(await demo.runs.get(liveRun)).toMatchObject({ status: 'RUNNING' });

    release();
    await finished;
    expect(await demo.runs.get(liveRun)).toMatchObject({ status: 'COMPLETED', engine: 'embedded' });
  }, 180_000);
});
