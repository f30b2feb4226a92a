/**
 * bench:dg-backfill — the governance metrics' first-run backfill: 120 days for 10,000 datasets, ≤ 60 s.
 *
 * Loads the demo catalog scaled to --datasets (default 10,000) with --days (default 120) of daily profile and
 * operation history into an embedded hub over a PostgreSQL database (kept between runs, named after the
 * scale: loading takes minutes), then runs the metrics collection's first run (MetricsCollector.collect:
 * read every dataset's state and histories from the hub, compute each day, store the points) and times it,
 * split into the hub read and the computing and storing of the days. The same read facts are then given to
 * the per-day baseline (bench/dg-backfill-baseline.ts: the collector as it was before the backfill was
 * batched) and its time is printed with the new/old ratio. Each path starts from an empty spoke_dg, and the
 * two paths' stored points are compared (they must be equal).
 *
 *   npm run bench:dg-backfill -- [--datasets 10000] [--days 120] [--database-url URL] [--skip-baseline]
 *
 * PostgreSQL comes from --database-url or DATASPOKE_TEST_DATABASE_URL; the catalog is kept in its database
 * `dataspoke_bench_dg_backfill_<datasets>_<days>` (drop it to reload). Progress on stderr, JSON on stdout.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { generateDemoCatalog } from '@dataspoke/demo/index';
import { loadDemoCatalog } from '@dataspoke/demo/load';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { deMetricJudges } from '@dataspoke/domain/adapters/metrics/de-metric-judges';
import { dayOf } from '@dataspoke/domain/dg/metrics/days';
import { MetricsCollector, readDatasetFacts } from '@dataspoke/domain/dg/metrics/metrics-collector';
import { OverviewService } from '@dataspoke/domain/dg/overview/overview-service';
import { InProcessSpokeEvents } from '@dataspoke/domain/shared/spoke-events';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { openStore, type Store } from '@dataspoke/platform/store/db';
import { metricPoint } from '@dataspoke/platform/store/schema-dg';
import { asc } from 'drizzle-orm';
import { baselineCollectDays } from './dg-backfill-baseline.js';

const { values: flags } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000' },
    days: { type: 'string', default: '120' },
    'database-url': { type: 'string' },
    'skip-baseline': { type: 'boolean', default: false },
  },
});
const DATASETS = Number(flags.datasets);
const DAYS = Number(flags.days);
const TARGET_SECONDS = 60;
/** The catalog's clock: fixed, so a kept catalog and a new one are the same catalog. */
const NOW = Date.UTC(2026, 11, 1, 15);

const log = (message: string) => process.stderr.write(`bench:dg-backfill: ${message}\n`);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const seconds = (since: number) => round((performance.now() - since) / 1000);

async function openBenchStore(): Promise<Store> {
  const url = flags['database-url'] ?? process.env.DATASPOKE_TEST_DATABASE_URL;
  if (!url)
    throw new Error('give --database-url or set DATASPOKE_TEST_DATABASE_URL (dev_env/services.sh env)');
  const name = `dataspoke_bench_dg_backfill_${DATASETS}_${DAYS}`;
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  const [exists] = await admin`select 1 as one from pg_database where datname = ${name}`;
  if (!exists) await admin.unsafe(`create database ${name}`);
  await admin.end({ timeout: 5 });
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openStore({ dataDir: '', databaseUrl: target.toString(), poolSize: 4 });
}

const newHub = (store: Store) =>
  createEmbeddedHubPort(new EmbeddedHub({ store, events: new InProcessEventBus() }), store);

async function datasetCount(store: Store): Promise<number> {
  const hub = newHub(store);
  let n = 0;
  for (let scrollId: string | null = null; ;) {
    const page = await hub.scrollDatasets({ scrollId, count: 1000 });
    n += page.datasets.length;
    if (!page.nextScrollId || page.datasets.length === 0) return n;
    scrollId = page.nextScrollId;
  }
}

const storedPoints = (store: Store) =>
  store.db
    .select({
      metric: metricPoint.metric,
      dimension: metricPoint.dimension,
      key: metricPoint.groupKey,
      day: metricPoint.day,
      value: metricPoint.value,
    })
    .from(metricPoint)
    .orderBy(
      asc(metricPoint.metric),
      asc(metricPoint.dimension),
      asc(metricPoint.groupKey),
      asc(metricPoint.day),
    );

async function main() {
  const loadAtStart = os.loadavg().map((l) => round(l));
  const store = await openBenchStore();
  try {
    let datasets = await datasetCount(store);
    if (datasets === 0) {
      const started = performance.now();
      const catalog = generateDemoCatalog({ seed: 42, now: NOW, datasets: DATASETS, historyDays: DAYS });
      // The search index lists the datasets (scrollDatasets), so the load keeps it as `dataspoke start` does.
      const loader = new EmbeddedHub({
        store,
        events: new InProcessEventBus(),
        indexer: new HubSearchIndexer(),
      });
      await loadDemoCatalog(loader, catalog, {
        batch: 2000,
        onProgress: (done) => {
          if (done % 100_000 === 0) log(`loading the demo catalog: ${done} proposals`);
        },
      });
      log(`loaded in ${seconds(started)} s`);
      datasets = await datasetCount(store);
    }
    if (datasets < DATASETS) throw new Error(`the kept catalog holds ${datasets} datasets, not ${DATASETS}`);
    log(`${datasets} datasets in the hub`);

    // The new path, end to end, as the metricsCollection workflow runs it on a first run.
    await store.db.delete(metricPoint);
    let step = '';
    const t0 = performance.now();
    const progress = (s: string, done: number, total: number) => {
      if (s !== step || done === total || done % 2000 === 0) log(`${seconds(t0)} s: ${s} ${done}/${total}`);
      step = s;
    };
    const hub = newHub(store);
    const layers = await new OverviewService({ hub }).layers();
    const collector = new MetricsCollector({
      store,
      hub,
      events: new InProcessSpokeEvents(),
      judges: deMetricJudges,
      layers: () => Promise.resolve(layers),
    });
    const started = performance.now();
    const report = await collector.collect(NOW, progress);
    const totalSeconds = seconds(started);
    log(`backfill: ${report.days} days, ${report.points} points in ${totalSeconds} s`);

    // The read alone (a fresh hub, so its cache is as cold as the collector's was), then the days alone.
    const readStarted = performance.now();
    const facts = await readDatasetFacts(newHub(store), layers, null, deMetricJudges, progress);
    const readSeconds = seconds(readStarted);
    await store.db.delete(metricPoint);
    const daysStarted = performance.now();
    await collector.collectDays(facts, report.firstDay, report.lastDay, NOW, progress);
    const daysSeconds = seconds(daysStarted);
    const fresh = await storedPoints(store);

    let baseline: { compute_and_store_seconds: number; new_over_old: number; same_points: boolean } | null =
      null;
    if (!flags['skip-baseline']) {
      await store.db.delete(metricPoint);
      const oldStarted = performance.now();
      await baselineCollectDays(store, facts, report.firstDay, report.lastDay, NOW, progress);
      const oldSeconds = seconds(oldStarted);
      const old = await storedPoints(store);
      baseline = {
        compute_and_store_seconds: oldSeconds,
        new_over_old: round(daysSeconds / oldSeconds, 3),
        same_points: JSON.stringify(old) === JSON.stringify(fresh),
      };
    }
    console.log(
      JSON.stringify(
        {
          benchmark: 'bench:dg-backfill',
          store: 'postgresql',
          datasets,
          days: report.days,
          first_day: report.firstDay,
          last_day: report.lastDay,
          as_of: dayOf(NOW),
          points: report.points,
          backfill_seconds: totalSeconds,
          target_seconds: TARGET_SECONDS,
          meets_target: totalSeconds <= TARGET_SECONDS,
          hub_read_seconds: readSeconds,
          compute_and_store_seconds: daysSeconds,
          baseline_per_day: baseline ?? 'skipped (--skip-baseline)',
          load_average_at_start: loadAtStart,
          load_average_at_end: os.loadavg().map((l) => round(l)),
        },
        null,
        2,
      ),
    );
  } finally {
    await store.close();
  }
}

await main();
