import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { metricPoint, metricTarget } from '@dataspoke/platform/store/schema-dg';
import type { MetricValue } from './day-metrics.js';
import type { MetricDimension } from './metric-catalog.js';

/** Stored metric points and targets (spoke_dg). */

export interface MetricSeries {
  metric: string;
  dimension: MetricDimension;
  groupKey: string;
  points: { day: string; value: number }[];
}

export interface MetricTarget {
  metric: string;
  dimension: MetricDimension;
  groupKey: string;
  direction: 'at_least' | 'at_most';
  value: number;
  setBy: string;
  updatedAt: number;
}

/** Rows per insert statement, well under PostgreSQL's bound on parameters. */
const INSERT_CHUNK = 2_000;

/** Replaces a day's values with these: collecting a day again never adds to it. */
export async function replaceDay(store: Store, day: string, values: readonly MetricValue[], at: number) {
  await store.db.transaction(async (tx) => {
    await tx.delete(metricPoint).where(eq(metricPoint.day, day));
    for (let i = 0; i < values.length; i += INSERT_CHUNK)
      await tx
        .insert(metricPoint)
        .values(values.slice(i, i + INSERT_CHUNK).map((v) => ({ ...v, day, collectedAt: new Date(at) })));
  });
}

/** The series of the named metrics over `[from, to]` (days, inclusive), in one breakdown, days ascending. */
export async function readSeries(
  store: Store,
  query: {
    metrics: readonly string[];
    from: string;
    to: string;
    dimension: MetricDimension;
    groupKeys?: readonly string[] | undefined;
  },
): Promise<MetricSeries[]> {
  // One row per series with its days and values as arrays: the store returns 50 rows, not 36,550 (the
  // per-row cost of a result, not the index read, is what grows with two years of points).
  const rows = await store.db
    .select({
      metric: metricPoint.metric,
      groupKey: metricPoint.groupKey,
      days: sql<string[]>`array_agg(${metricPoint.day} order by ${metricPoint.day})`,
      values: sql<number[]>`array_agg(${metricPoint.value} order by ${metricPoint.day})`,
    })
    .from(metricPoint)
    .where(
      and(
        inArray(metricPoint.metric, [...query.metrics]),
        eq(metricPoint.dimension, query.dimension),
        query.groupKeys?.length ? inArray(metricPoint.groupKey, [...query.groupKeys]) : undefined,
        gte(metricPoint.day, query.from),
        lte(metricPoint.day, query.to),
      ),
    )
    .groupBy(metricPoint.metric, metricPoint.groupKey)
    .orderBy(asc(metricPoint.metric), asc(metricPoint.groupKey));
  const series: MetricSeries[] = rows.map((r) => ({
    metric: r.metric,
    dimension: query.dimension,
    groupKey: r.groupKey,
    points: r.days.map((day, k) => ({ day, value: Number(r.values[k]) })),
  }));
  return series;
}

export async function listTargets(store: Store): Promise<MetricTarget[]> {
  const rows = await store.db
    .select()
    .from(metricTarget)
    .orderBy(asc(metricTarget.metric), asc(metricTarget.dimension), asc(metricTarget.groupKey));
  return rows.map((r) => ({
    ...r,
    dimension: r.dimension as MetricDimension,
    direction: r.direction as MetricTarget['direction'],
    updatedAt: r.updatedAt.getTime(),
  }));
}

/** Sets (or replaces) the target of a metric in one group. */
export async function saveTarget(store: Store, target: MetricTarget): Promise<void> {
  const row = { ...target, updatedAt: new Date(target.updatedAt) };
  await store.db
    .insert(metricTarget)
    .values(row)
    .onConflictDoUpdate({
      target: [metricTarget.metric, metricTarget.dimension, metricTarget.groupKey],
      set: { direction: row.direction, value: row.value, setBy: row.setBy, updatedAt: row.updatedAt },
    });
}

/** Deletes a target; false when there was none. */
export async function deleteTarget(
  store: Store,
  key: { metric: string; dimension: MetricDimension; groupKey: string },
): Promise<boolean> {
  const deleted = await store.db
    .delete(metricTarget)
    .where(
      and(
        eq(metricTarget.metric, key.metric),
        eq(metricTarget.dimension, key.dimension),
        eq(metricTarget.groupKey, key.groupKey),
      ),
    )
    .returning({ metric: metricTarget.metric });
  return deleted.length > 0;
}
