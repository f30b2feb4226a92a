/**
 * bench:dg — the governance metrics' query speed.
 *
 * Stores two years (731 days) of daily points for every metric of the catalog by domain, 50 domains, in
 * an in-memory PGlite store (the embedded default), then times MetricsService.series (validation, the
 * store read and the grouping into series) for 5 metrics × 10 domains = 50 series over the whole two
 * years: p50 and p95 against the 50 ms target, and the same for the catalog-only series as the ratio's
 * baseline. The values are synthetic (a seeded walk): the timing depends on their count, not their values.
 *
 * The same 50 series are also read with the query shape first shipped (days as a text[] of dates per
 * series; `readSeriesTextDays` below), in the same run: the new/old p95 ratio. The backfill is timed by
 * bench:dg-backfill.
 *
 * Flags: --runs N (default 50), --groups N (default 50). Progress on stderr, one JSON document on stdout.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { METRICS } from '@dataspoke/domain/dg/metrics/metric-catalog';
import type { MetricPointValue } from '@dataspoke/domain/dg/metrics/day-figures';
import { dayOf } from '@dataspoke/domain/dg/metrics/days';
import { listTargets, replaceDays } from '@dataspoke/domain/dg/metrics/metrics-repository';
import { MetricsService } from '@dataspoke/domain/dg/metrics/metrics-service';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { metricPoint } from '@dataspoke/platform/store/schema-dg';
import { and, asc, between, eq, inArray, sql } from 'drizzle-orm';

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '50' }, groups: { type: 'string', default: '50' } },
});
const RUNS = Number(flags.runs);
const GROUPS = Number(flags.groups);
const DAYS = 731;
const DAY_MS = 86_400_000;
const TARGET_P95_MS = 50;

/** The series query as first shipped: each series' days as a text[] of dates (the baseline). */
async function readSeriesTextDays(
  store: Store,
  q: { names: string[]; keys: string[]; from: string; to: string },
) {
  const [rows] = await Promise.all([
    store.db
      .select({
        metric: metricPoint.metric,
        key: metricPoint.groupKey,
        days: sql<string[]>`array_agg(${metricPoint.day} order by ${metricPoint.day})`,
        values: sql<number[]>`array_agg(${metricPoint.value} order by ${metricPoint.day})`,
      })
      .from(metricPoint)
      .where(
        and(
          inArray(metricPoint.metric, q.names),
          eq(metricPoint.dimension, 'DOMAIN'),
          between(metricPoint.day, q.from, q.to),
          inArray(metricPoint.groupKey, q.keys),
        ),
      )
      .groupBy(metricPoint.metric, metricPoint.groupKey)
      .orderBy(asc(metricPoint.metric), asc(metricPoint.groupKey)),
    listTargets(store),
  ]);
  return rows.map((r) => ({ points: r.days.map((day, k) => ({ day, value: Number(r.values[k]) })) }));
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main() {
  const loadAtStart = os.loadavg().map((l) => round(l));
  const store = await openMemoryStore();
  // The queries read only the store; no hub is called.
  const service = new MetricsService(store);
  const first = Date.parse('2024-01-01T00:00:00Z');
  let seed = 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.01;
  const started = performance.now();
  // Stored a month at a time, as a backfill stores its days (each write rebuilds its months' series).
  let month: { day: string; points: MetricPointValue[] }[] = [];
  for (let d = 0; d < DAYS; d++) {
    const values: MetricPointValue[] = [];
    for (const m of METRICS) {
      values.push({ metric: m.name, dimension: 'CATALOG', key: '', value: 0.5 + noise() });
      for (let g = 0; g < GROUPS; g++)
        values.push({
          metric: m.name,
          dimension: 'DOMAIN',
          key: `urn:li:domain:d${g}`,
          value: 0.5 + noise(),
        });
    }
    const day = dayOf(first + d * DAY_MS);
    month.push({ day, points: values });
    if (d === DAYS - 1 || dayOf(first + (d + 1) * DAY_MS).slice(0, 7) !== day.slice(0, 7)) {
      await replaceDays(store, month);
      month = [];
      process.stderr.write(`stored ${d + 1}/${DAYS} days\n`);
    }
  }
  const loadSeconds = (performance.now() - started) / 1000;
  const from = dayOf(first);
  const to = dayOf(first + (DAYS - 1) * DAY_MS);
  const names = METRICS.slice(0, 5).map((m) => m.name);
  const groupKeys = Array.from({ length: 10 }, (_, g) => `urn:li:domain:d${g}`);

  async function time(
    query: Parameters<MetricsService['series']>[0],
    expectSeries: number,
    read: (q: typeof query) => Promise<{ points: unknown[] }[]> = (q) => service.series(q),
  ) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const t = performance.now();
      const series = await read(query);
      const took = performance.now() - t;
      if (series.length !== expectSeries || series[0]!.points.length !== DAYS)
        throw new Error(`expected ${expectSeries} series of ${DAYS} points, got ${series.length}`);
      if (i >= 3) ms.push(took); // the first three warm the caches and are not counted
    }
    ms.sort((a, b) => a - b);
    return { runs: ms.length, p50_ms: round(percentile(ms, 0.5)), p95_ms: round(percentile(ms, 0.95)) };
  }
  process.stderr.write('timing 50 series…\n');
  const fiftyQuery = { names, from, to, groupBy: 'DOMAIN', keys: groupKeys };
  const fifty = await time(fiftyQuery, 50);
  process.stderr.write('timing 50 series, the first query shape…\n');
  const textDays = await time(fiftyQuery, 50, () =>
    readSeriesTextDays(store, { names, keys: groupKeys, from, to }),
  );
  process.stderr.write('timing 5 catalog series…\n');
  const catalog = await time({ names, from, to }, 5);
  await store.close();
  console.log(
    JSON.stringify(
      {
        benchmark: 'bench:dg',
        store: 'pglite (memory)',
        stored_points: DAYS * METRICS.length * (GROUPS + 1),
        store_load_seconds: round(loadSeconds),
        metrics_query_50_series_2_years: {
          ...fifty,
          target_p95_ms: TARGET_P95_MS,
          meets_target: fifty.p95_ms <= TARGET_P95_MS,
        },
        metrics_query_50_series_first_shape: textDays,
        ratio_p95_new_to_first_shape: round(fifty.p95_ms / textDays.p95_ms),
        metrics_query_5_catalog_series_2_years: catalog,
        ratio_p95_50_to_5_series: round(fifty.p95_ms / catalog.p95_ms),
        load_average_at_start: loadAtStart,
        load_average_at_end: os.loadavg().map((l) => round(l)),
      },
      null,
      2,
    ),
  );
}

await main();
