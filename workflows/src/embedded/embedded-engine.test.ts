import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowSchedule } from '@dataspoke/platform/store/schema-workflows';
import { metricPoint } from '@dataspoke/platform/store/schema-dg';
import { dayOf } from '@dataspoke/domain/dg/metrics/days';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { createGmsHubPort } from '@dataspoke/domain/adapters/hub/gms-hub-port';
import { openSearchAdapters } from '@dataspoke/domain/adapters/search/open-search';
import { DatasetSearchIndexer } from '@dataspoke/domain/shared/dataset-search-index';
import { searchConfigSchema } from '@dataspoke/platform/config/config';
import { until } from '../testing/until.js';
import { openDemoActivities, type DemoActivities } from '../testing/demo-activities.js';
import type { ScheduleDefinition } from '../schedules.js';
import { embeddedActivityContext, EmbeddedWorkflowEngine } from './embedded-engine.js';

const HOUR = 3_600_000;
// Enough of the demo catalog to reach past its source tables (no operations) into ones with a cadence.
const DATASETS = 60;
const SCHEDULES: ScheduleDefinition[] = [
  { id: 'catalog-health-sweep', workflow: 'catalogHealthSweep', spec: 'every 1h' },
  { id: 'metrics-collection', workflow: 'metricsCollection', spec: 'every 1h' },
];

describe.each(storeKinds())('the in-process workflow engine ($name)', (kind) => {
  let demo: DemoActivities;
  let clock = Date.now();
  const log: string[] = [];
  const engine = (schedules = SCHEDULES, hub = demo?.hub) =>
    new EmbeddedWorkflowEngine({
      store: demo.test.store,
      activities: demo.activities(embeddedActivityContext, hub),
      runs: demo.runs,
      schedules,
      pollMs: 50,
      now: () => clock,
      retry: { initialIntervalMs: 5, maximumIntervalMs: 20 },
      log: (line) => log.push(line),
    });

  beforeAll(async () => {
    demo = await openDemoActivities(kind, DATASETS);
  }, 120_000);
  afterAll(() => demo?.test.dispose());

  it('runs a schedule missed during downtime once at start, not once per missed tick', async () => {
    const first = engine();
    await first.ensureSchedules();
    // The process is down for five ticks of the hourly metrics collection.
    clock += 5 * HOUR + 60_000;
    const second = engine([SCHEDULES[1]!]);
    await second.start();
    const run = await until('the catch-up run', async () => {
      const { runs } = await demo.runs.list({ workflow: 'metricsCollection' });
      return runs.find((r) => r.status !== 'RUNNING');
    });
    await new Promise((r) => setTimeout(r, 300)); // a few more polls: no second run
    await second.stop();
    const { runs, totalCount } = await demo.runs.list({ workflow: 'metricsCollection' });
    expect(totalCount).toBe(1);
    expect(run).toMatchObject({ status: 'COMPLETED', trigger: 'catch-up', scheduleId: 'metrics-collection' });
    expect(runs[0]!.outcome!.counts.datasets).toBe(DATASETS);
    const [row] = await demo.test.store.db
      .select()
      .from(workflowSchedule)
      .where(eq(workflowSchedule.id, 'metrics-collection'));
    // The next tick follows the spec from now.
    expect(row!.nextRunAt).toBe(clock + HOUR);
  });

  it('runs nothing while paused, and a resumed schedule goes on from now without the ticks it missed', async () => {
    const e = engine([SCHEDULES[1]!]);
    await e.ensureSchedules();
    await e.pause('metrics-collection', 'maintenance window');
    const before = (await demo.runs.list({ workflow: 'metricsCollection' })).totalCount;
    clock += 3 * HOUR;
    await e.start();
    await new Promise((r) => setTimeout(r, 300));
    expect((await demo.runs.list({ workflow: 'metricsCollection' })).totalCount).toBe(before);
    const [paused] = await e.list();
    expect(paused).toMatchObject({ paused: true, note: 'maintenance window', nextRunAt: null });
    await e.resume('metrics-collection');
    await new Promise((r) => setTimeout(r, 300));
    expect((await demo.runs.list({ workflow: 'metricsCollection' })).totalCount).toBe(before);
    const [resumed] = await e.list();
    expect(resumed).toMatchObject({ paused: false, nextRunAt: clock + HOUR });
    await e.stop();
  });

  it('refuses an unknown schedule with a code', async () => {
    const e = engine();
    await expect(e.pause('nightly-nothing')).rejects.toMatchObject({ code: 'SCHEDULE_NOT_FOUND' });
  });

  it('a triggered sweep validates the due datasets with a cadence, records the run, and a second finds none due', async () => {
    const e = engine();
    const { runId, finished } = await e.trigger('catalog-health-sweep');
    await finished;
    const run = await demo.runs.get(runId);
    expect(run).toMatchObject({ status: 'COMPLETED', trigger: 'manual', engine: 'embedded' });
    const counts = run!.outcome!.counts;
    expect(counts.cadenced).toBeGreaterThan(0);
    expect(counts.due).toBe(counts.cadenced);
    expect(counts.validated).toBe(counts.due);
    const [stored] = await demo.test.store.query<{ n: number }>(
      sql`select count(*)::int as n from spoke_de.validation_run`,
    );
    expect(Number(stored!.n)).toBe(counts.validated);
    // Each failing validation and each late dataset was published (the notifications follow these events).
    const published = (type: string) =>
      demo.events
        .filter((ev) => ev.type === type)
        .map((ev) => ev.datasetUrn)
        .sort();
    expect(published('dataspoke.validation.failed')).toEqual([...run!.outcome!.datasets].sort());
    expect(published('dataspoke.dataset.late')).toHaveLength(counts.late!);
    expect(run!.outcome!.datasets.length).toBe(counts.failed);
    const again = await e.trigger('catalog-health-sweep');
    await again.finished;
    expect((await demo.runs.get(again.runId))!.outcome!.counts).toMatchObject({ due: 0, validated: 0 });
  }, 120_000);

  it("collects the day's governance metrics into spoke_dg, and a second run of the day replaces them", async () => {
    const e = engine();
    const points = async () =>
      demo.test.store.db
        .select()
        .from(metricPoint)
        .where(eq(metricPoint.day, dayOf(Date.now())));
    await (
      await e.trigger('metrics-collection')
    ).finished;
    const first = await points();
    await (
      await e.trigger('metrics-collection')
    ).finished;
    const second = await points();
    expect(second.length).toBe(first.length);
    const catalog = second.find((p) => p.metric === 'datasets' && p.dimension === 'CATALOG');
    expect(catalog!.value).toBe(DATASETS);
    // Every breakdown sums back to the catalog (owner groups excepted: a dataset may have several).
    for (const dimension of ['DOMAIN', 'PLATFORM', 'LAYER'])
      expect(
        second
          .filter((p) => p.metric === 'datasets' && p.dimension === dimension)
          .reduce((sum, p) => sum + p.value, 0),
      ).toBe(DATASETS);
  });

  it('retries a failing activity with backoff, then records the run as failed with its reason', async () => {
    // DataHub unreachable: nothing listens on port 1.
    const down = createGmsHubPort({ url: 'http://127.0.0.1:1', timeoutMs: 500 });
    const e = engine(SCHEDULES, down);
    log.length = 0;
    const { runId, finished } = await e.trigger('metrics-collection');
    await finished;
    const run = await demo.runs.get(runId);
    expect(run!.status).toBe('FAILED');
    expect(run!.error).toMatch(/DataHub|ECONNREFUSED|unavailable|fetch failed/i);
    expect(log.filter((l) => l.includes('activity collectCatalogMetrics failed')).length).toBe(4);
  });

  it('embedding maintenance indexes the catalog, then drops a dataset gone from the hub', async () => {
    const adapters = await openSearchAdapters(
      searchConfigSchema.parse({ embedder: 'none' }),
      demo.test.store,
    );
    const indexer = new DatasetSearchIndexer({
      hub: demo.hub,
      documents: adapters.documents,
      embedder: adapters.embedder,
      vectors: adapters.vectors,
    });
    const e = new EmbeddedWorkflowEngine({
      store: demo.test.store,
      activities: demo.activities(embeddedActivityContext, demo.hub, indexer),
      runs: demo.runs,
      schedules: [{ id: 'embedding-maintenance', workflow: 'embeddingMaintenance', spec: '0 3 * * *' }],
    });
    try {
      const first = await e.trigger('embedding-maintenance');
      await first.finished;
      const indexed = (await demo.runs.get(first.runId))!;
      expect(indexed.status).toBe('COMPLETED');
      expect(indexed.outcome!.counts).toMatchObject({ seen: DATASETS, indexed: DATASETS, removed: 0 });
      expect(indexed.progress).toMatchObject({ done: DATASETS, total: DATASETS });
      const [gone] = [...(await adapters.documents.hashes()).keys()];
      await demo.embedded.ingest([
        {
          entityType: 'dataset',
          entityUrn: gone!,
          changeType: 'UPSERT',
          aspectName: 'status',
          aspect: { removed: true },
        },
      ]);
      const second = await e.trigger('embedding-maintenance');
      await second.finished;
      expect((await demo.runs.get(second.runId))!.outcome!.counts).toMatchObject({ removed: 1 });
      expect((await adapters.documents.hashes()).has(gone!)).toBe(false);
    } finally {
      await indexer.stop();
      await adapters.close();
    }
  }, 120_000);
});
