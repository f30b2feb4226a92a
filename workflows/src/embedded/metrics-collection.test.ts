import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricPoint } from '@dataspoke/platform/store/schema-dg';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { openDemoActivities, type DemoActivities } from '../testing/demo-activities.js';
import { embeddedActivityContext, EmbeddedWorkflowEngine } from './embedded-engine.js';

const DATASETS = 30;

describe.each(storeKinds())('the scheduled metrics collection ($name)', (kind) => {
  let demo: DemoActivities;
  let engine: EmbeddedWorkflowEngine;

  beforeAll(async () => {
    demo = await openDemoActivities(kind, DATASETS);
    engine = new EmbeddedWorkflowEngine({
      store: demo.test.store,
      activities: demo.activities(embeddedActivityContext),
      runs: demo.runs,
      schedules: [{ id: 'metrics-collection', workflow: 'metricsCollection', spec: 'every 24h' }],
      pollMs: 50,
      retry: { initialIntervalMs: 5, maximumIntervalMs: 20 },
    });
    await engine.ensureSchedules();
  }, 120_000);
  afterAll(() => demo?.test.dispose());

  // When a point was collected differs between runs; what it says must not.
  const points = () =>
    demo.test.store.db
      .select({
        metric: metricPoint.metric,
        dimension: metricPoint.dimension,
        groupKey: metricPoint.groupKey,
        day: metricPoint.day,
        value: metricPoint.value,
      })
      .from(metricPoint)
      .orderBy(
        asc(metricPoint.day),
        asc(metricPoint.metric),
        asc(metricPoint.dimension),
        asc(metricPoint.groupKey),
      );

  it('backfills the demo’s history on its first run, then collects today again without duplicating', async () => {
    const first = await engine.trigger('metrics-collection');
    await first.finished;
    const { runs } = await demo.runs.list({ workflow: 'metricsCollection' });
    expect(runs[0]).toMatchObject({ status: 'COMPLETED', trigger: 'manual' });
    const counts = runs[0]!.outcome!.counts;
    expect(counts.datasets).toBe(DATASETS);
    // The demo catalog carries 30 days of history: the first run backfills all of them and today.
    expect(counts.days).toBeGreaterThanOrEqual(30);
    const stored = await points();
    expect(new Set(stored.map((p) => p.day)).size).toBe(counts.days);
    expect(stored.length).toBe(counts.points);

    const second = await engine.trigger('metrics-collection');
    await second.finished;
    const again = (await demo.runs.list({ workflow: 'metricsCollection' })).runs[0]!;
    expect(again.outcome!.counts.days).toBe(1);
    expect(await points()).toEqual(stored);
  }, 120_000);
});
