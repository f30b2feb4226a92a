import { and, asc, between, count, eq, gte, inArray, lt, lte, max, sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { metricMonth, metricPoint, metricTarget, searchQuestion } from '@dataspoke/platform/store/schema-dg';
import { validationRun } from '@dataspoke/platform/store/schema-de';
import { dayOf } from './days.js';
import type { MetricPointValue } from './day-figures.js';
import type { Dimension } from './metric-catalog.js';

/** The metrics' rows in spoke_dg: points by day, targets, and the questions asked of search. */

/** Rows inserted per statement. */
const INSERT_CHUNK = 20_000;

export interface MetricTargetRow {
  id: string;
  metric: string;
  dimension: Dimension;
  key: string;
  comparison: 'AT_LEAST' | 'AT_MOST';
  value: number;
  setBy: string;
  updatedAt: number;
}

/**
 * Replaces every point of each day given with its points, in one transaction: a backfill's days are one
 * delete and a few multi-row inserts, not a transaction per day.
 */
export async function replaceDays(
  store: Store,
  days: readonly { day: string; points: readonly MetricPointValue[] }[],
): Promise<void> {
  if (days.length === 0) return;
  const rows = days.flatMap(({ day, points }) => points.map((p) => ({ day, p })));
  const collectedAt = new Date().toISOString();
  await store.db.transaction(async (tx) => {
    await tx.delete(metricPoint).where(inArray(metricPoint.day, [...new Set(days.map((d) => d.day))]));
    // Columns as arrays (a handful of parameters per statement however many rows): the insert's cost is
    // the rows', not the statement's.
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const column = (of: (r: (typeof rows)[number]) => string) => pgTextArray(chunk.map(of));
      // String(number) is the shortest text that reads back as the same double.
      const values = `{${chunk.map((r) => String(r.p.value)).join(',')}}`;
      await tx.execute(sql`insert into ${metricPoint}
        (metric, dimension, group_key, day, value, collected_at)
        select metric, dimension, group_key, day, value, ${collectedAt}::timestamptz
        from unnest(${column((r) => r.p.metric)}::text[], ${column((r) => r.p.dimension)}::text[],
          ${column((r) => r.p.key)}::text[], ${column((r) => r.day)}::text[], ${values}::float8[])
          as u(metric, dimension, group_key, day, value)`);
    }
    // The months these days are in, rebuilt from their points for the queries (metric_month).
    const months = [...new Set(days.map((d) => d.day.slice(0, 7)))];
    await tx.delete(metricMonth).where(inArray(metricMonth.month, months));
    await tx.execute(sql`insert into ${metricMonth} (metric, dimension, group_key, month, days, values)
      select metric, dimension, group_key, left(day, 7),
        string_agg(extract(day from day::date)::integer::text, ',' order by day),
        string_agg(value::text, ',' order by day)
      from ${metricPoint} where left(day, 7) = any(${pgTextArray(months)}::text[])
      group by metric, dimension, group_key, left(day, 7)`);
  });
}

/** The latest day with points, or null when nothing was ever collected. */
export async function latestDay(store: Store): Promise<string | null> {
  const [row] = await store.db.select({ day: max(metricPoint.day) }).from(metricPoint);
  return row?.day ?? null;
}

/** The datasets count of `day` per `dimension|key`, or null when the day has none. */
export async function datasetCounts(store: Store, day: string): Promise<Map<string, number> | null> {
  const rows = await store.db
    .select({ dimension: metricPoint.dimension, key: metricPoint.groupKey, value: metricPoint.value })
    .from(metricPoint)
    .where(and(eq(metricPoint.day, day), eq(metricPoint.metric, 'datasets')));
  return rows.length === 0 ? null : new Map(rows.map((r) => [`${r.dimension}|${r.key}`, r.value]));
}

/** The stored series of the named metrics over [from, to] in one breakdown: points oldest first. */
export async function readSeries(
  store: Store,
  query: {
    metrics: readonly string[];
    dimension: Dimension;
    from: string;
    to: string;
    keys: readonly string[] | null;
  },
): Promise<{ metric: string; key: string; points: { day: string; value: number }[] }[]> {
  // A month of a series per row (metric_month): two years of 50 series are 1,250 rows of arrays, not
  // 36,550 points; the store's cost is per row read.
  const rows = await store.db
    .select({
      metric: metricMonth.metric,
      key: metricMonth.groupKey,
      month: metricMonth.month,
      days: metricMonth.days,
      values: metricMonth.values,
    })
    .from(metricMonth)
    .where(
      and(
        inArray(metricMonth.metric, [...query.metrics]),
        eq(metricMonth.dimension, query.dimension),
        between(metricMonth.month, query.from.slice(0, 7), query.to.slice(0, 7)),
        query.keys ? inArray(metricMonth.groupKey, [...query.keys]) : undefined,
      ),
    )
    .orderBy(asc(metricMonth.metric), asc(metricMonth.groupKey), asc(metricMonth.month));
  const out: { metric: string; key: string; points: { day: string; value: number }[] }[] = [];
  for (const r of rows) {
    let series = out.at(-1);
    if (!series || series.metric !== r.metric || series.key !== r.key)
      out.push((series = { metric: r.metric, key: r.key, points: [] }));
    const edge = r.month === query.from.slice(0, 7) || r.month === query.to.slice(0, 7);
    const days = r.days.split(',');
    const values = r.values.split(',');
    for (let i = 0; i < days.length; i++) {
      const day = `${r.month}-${days[i]!.padStart(2, '0')}`;
      if (!edge || (day >= query.from && day <= query.to))
        series.points.push({ day, value: Number(values[i]) });
    }
  }
  return out.filter((s) => s.points.length > 0);
}

const targetOf = (r: typeof metricTarget.$inferSelect): MetricTargetRow => ({
  id: `${r.metric}|${r.dimension}|${r.groupKey}`,
  metric: r.metric,
  dimension: r.dimension as Dimension,
  key: r.groupKey,
  comparison: r.direction as MetricTargetRow['comparison'],
  value: r.value,
  setBy: r.setBy,
  updatedAt: r.updatedAt.getTime(),
});

export async function listTargets(store: Store): Promise<MetricTargetRow[]> {
  const rows = await store.db
    .select()
    .from(metricTarget)
    .orderBy(asc(metricTarget.metric), asc(metricTarget.dimension), asc(metricTarget.groupKey));
  return rows.map(targetOf);
}

export async function upsertTarget(store: Store, t: MetricTargetRow): Promise<MetricTargetRow> {
  const row = {
    metric: t.metric,
    dimension: t.dimension,
    groupKey: t.key,
    direction: t.comparison,
    value: t.value,
    setBy: t.setBy,
    updatedAt: new Date(t.updatedAt),
  };
  await store.db
    .insert(metricTarget)
    .values(row)
    .onConflictDoUpdate({
      target: [metricTarget.metric, metricTarget.dimension, metricTarget.groupKey],
      set: { direction: row.direction, value: row.value, setBy: row.setBy, updatedAt: row.updatedAt },
    });
  return t;
}

/** Deletes the target `metric|dimension|key`; false when there is none. */
export async function deleteTarget(store: Store, id: string): Promise<boolean> {
  const [metric, dimension, ...key] = id.split('|');
  if (!metric || !dimension) return false;
  const deleted = await store.db
    .delete(metricTarget)
    .where(
      and(
        eq(metricTarget.metric, metric),
        eq(metricTarget.dimension, dimension),
        eq(metricTarget.groupKey, key.join('|')),
      ),
    )
    .returning({ metric: metricTarget.metric });
  return deleted.length > 0;
}

export async function insertQuestion(store: Store, id: string, question: string, at: number): Promise<void> {
  await store.db.insert(searchQuestion).values({ id, question, askedAt: new Date(at) });
}

/** Deletes the questions asked before `before` (their days are collected); answers how many. */
export async function deleteQuestionsBefore(store: Store, before: number): Promise<number> {
  const deleted = await store.db
    .delete(searchQuestion)
    .where(lt(searchQuestion.askedAt, new Date(before)))
    .returning({ id: searchQuestion.id });
  return deleted.length;
}

/** Marks the latest unclicked question with this text asked since `since` as clicked; false if none. */
export async function markClicked(
  store: Store,
  question: string,
  since: number,
  at: number,
): Promise<boolean> {
  const updated = await store.db
    .update(searchQuestion)
    .set({ clickedAt: new Date(at) })
    .where(
      eq(
        searchQuestion.id,
        sql`(select ${searchQuestion.id} from ${searchQuestion} where ${searchQuestion.question} = ${question}
          and ${searchQuestion.askedAt} >= ${new Date(since).toISOString()} and ${searchQuestion.clickedAt} is null
          order by ${searchQuestion.askedAt} desc limit 1)`,
      ),
    )
    .returning({ id: searchQuestion.id });
  return updated.length > 0;
}

/** Per UTC day of [start, end): the questions asked, and of them those with no click. */
export async function questionCountsByDay(
  store: Store,
  start: number,
  end: number,
): Promise<Map<string, { asked: number; noClick: number }>> {
  const day = sql<string>`to_char(${searchQuestion.askedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await store.db
    .select({
      day,
      asked: count(),
      noClick: sql<number>`count(*) filter (where ${searchQuestion.clickedAt} is null)`.mapWith(Number),
    })
    .from(searchQuestion)
    .where(and(gte(searchQuestion.askedAt, new Date(start)), lt(searchQuestion.askedAt, new Date(end))))
    .groupBy(day);
  return new Map(rows.map((r) => [r.day, { asked: r.asked, noClick: r.noClick }]));
}

/** Per UTC day of [start, end]: the validations run (spoke_de), which dataset, and whether it failed. */
export async function validationRunsByDay(
  store: Store,
  start: number,
  end: number,
): Promise<Map<string, { urn: string; failed: boolean }[]>> {
  const runs = await store.db
    .select({ urn: validationRun.datasetUrn, status: validationRun.status, at: validationRun.createdAt })
    .from(validationRun)
    .where(and(gte(validationRun.createdAt, new Date(start)), lte(validationRun.createdAt, new Date(end))));
  const byDay = new Map<string, { urn: string; failed: boolean }[]>();
  for (const r of runs) {
    const day = dayOf(r.at.getTime());
    let list = byDay.get(day);
    if (!list) byDay.set(day, (list = []));
    list.push({ urn: r.urn, failed: r.status === 'fail' });
  }
  return byDay;
}
