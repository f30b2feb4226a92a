/**
 * The per-day baseline of `npm run bench:dg-backfill`: the metrics collection's days as first built (before
 * the backfill was batched), kept to measure the new path against in one run. Each day: a query for its
 * search questions, every dataset tallied once per breakdown (the freshness judge, as it was, called five
 * times per dataset and day), and its own delete-and-insert transaction. The store calls are today's
 * repository functions asked one day at a time (the first version asked two queries for the questions).
 */
import { OPERATION_HISTORY, updateTimes } from '@dataspoke/domain/de/freshness';
import type { HubOperation } from '@dataspoke/domain/ports/hub-port';
import type { DatasetFacts } from '@dataspoke/domain/dg/metrics/dataset-facts';
import { DAY_MS, dayEnd, dayOf, daysBetween, dayStart } from '@dataspoke/domain/dg/metrics/days';
import {
  GROUP_DIMENSIONS,
  NO_GROUP,
  type Dimension,
  type MetricName,
} from '@dataspoke/domain/dg/metrics/metric-catalog';
import {
  datasetCounts,
  questionCountsByDay,
  replaceDays,
  validationRunsByDay,
} from '@dataspoke/domain/dg/metrics/metrics-repository';
import type { Store } from '@dataspoke/platform/store/db';

interface MetricPointValue {
  metric: MetricName;
  dimension: Dimension;
  key: string;
  value: number;
}

interface DayActivity {
  /** Validations run that day: which dataset, and whether it failed. */
  validations: readonly { urn: string; failed: boolean }[];
  searchQuestions: number;
  searchNoClick: number;
  /** Live datasets of the previous collected day per `dimension|key` (for datasets_removed); null: none. */
  previousDatasets: ReadonlyMap<string, number> | null;
}

interface Tally {
  datasets: number;
  newDatasets: number;
  deprecated: number;
  rows: number;
  bytes: number;
  cadenced: number;
  onTime: number;
  tableDocumented: number;
  fieldsDocumented: number;
  fieldsTotal: number;
  owned: number;
  piiLike: number;
  piiTermed: number;
  schemaChanges: number;
  validationsRun: number;
  validationsFailed: number;
}

const emptyTally = (): Tally => ({
  datasets: 0,
  newDatasets: 0,
  deprecated: 0,
  rows: 0,
  bytes: 0,
  cadenced: 0,
  onTime: 0,
  tableDocumented: 0,
  fieldsDocumented: 0,
  fieldsTotal: 0,
  owned: 0,
  piiLike: 0,
  piiTermed: 0,
  schemaChanges: 0,
  validationsRun: 0,
  validationsFailed: 0,
});

/** The index after the last element with `at(x) <= t` in a list sorted by `at`. */
function upTo<T>(list: readonly T[], t: number, at: (x: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(list[mid]!) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The freshness judge as it was: the whole Freshness computed (arrays sorted by comparator) per call. */
const MINUTE = 60_000;
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
function freshnessStatus(operations: readonly HubOperation[], now: number): 'ON_TIME' | 'LATE' | null {
  const sorted = updateTimes(operations)
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  const updates: number[] = [];
  for (const t of sorted) {
    const last = updates.length - 1;
    if (last >= 0 && t - updates[last]! <= 5 * MINUTE) updates[last] = t;
    else updates.push(t);
  }
  const lastUpdatedAt = updates.at(-1) ?? null;
  if (lastUpdatedAt === null || updates.length < 4) return null;
  const intervals = updates
    .slice(1)
    .map((t, i) => t - updates[i]!)
    .sort((a, b) => a - b);
  const median = quantile(intervals, 0.5);
  const spread = quantile(intervals, 0.9) - median;
  const intermittent = quantile(intervals, 0.9) > 1.5 * median;
  const longGap = intermittent ? 1.25 * quantile(intervals, 0.95) - median : 0;
  const tolerance = Math.max(10 * MINUTE, 0.25 * median, spread, longGap);
  return now > lastUpdatedAt + median + tolerance ? 'LATE' : 'ON_TIME';
}

interface Judges {
  operationsKept: number;
  freshness(operations: readonly HubOperation[], at: number): 'ON_TIME' | 'LATE' | null;
}

function addDataset(t: Tally, f: DatasetFacts, start: number, end: number, judges: Judges): void {
  t.datasets++;
  if (f.firstSeen !== null && f.firstSeen >= start) t.newDatasets++;
  if (f.deprecated) t.deprecated++;
  const p = f.profiles[upTo(f.profiles, end, (x) => x.at) - 1];
  t.rows += p?.rows ?? 0;
  t.bytes += p?.bytes ?? 0;
  const opsEnd = upTo(f.operations, end, (o) => o.timestampMillis);
  if (opsEnd > 0) {
    const status = judges.freshness(
      f.operations.slice(Math.max(0, opsEnd - judges.operationsKept), opsEnd),
      end,
    );
    if (status) {
      t.cadenced++;
      if (status === 'ON_TIME') t.onTime++;
    }
  }
  if (f.tableDocumented) t.tableDocumented++;
  t.fieldsDocumented += f.fieldsDocumented;
  t.fieldsTotal += f.fieldsTotal;
  if (f.owned) t.owned++;
  if (f.piiLike) {
    t.piiLike++;
    if (f.piiTermed) t.piiTermed++;
  }
  t.schemaChanges += upTo(f.schemaChanges, end, (x) => x) - upTo(f.schemaChanges, start - 1, (x) => x);
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function pointsOf(
  dimension: Dimension,
  key: string,
  t: Tally,
  previous: number | undefined,
): MetricPointValue[] {
  const values: [MetricName, number | null][] = [
    ['datasets', t.datasets],
    ['datasets_new', t.newDatasets],
    ['datasets_deprecated', t.deprecated],
    ['datasets_removed', previous === undefined ? 0 : Math.max(0, previous + t.newDatasets - t.datasets)],
    ['rows', t.rows],
    ['bytes', t.bytes],
    ['freshness_on_time', share(t.onTime, t.cadenced)],
    ['validations_passing', share(t.validationsRun - t.validationsFailed, t.validationsRun)],
    ['table_documentation', share(t.tableDocumented, t.datasets)],
    ['column_documentation', share(t.fieldsDocumented, t.fieldsTotal)],
    ['ownership_coverage', share(t.owned, t.datasets)],
    ['pii_coverage', share(t.piiTermed, t.piiLike)],
    ['schema_changes', t.schemaChanges],
    ['validations_run', t.validationsRun],
    ['validations_failed', t.validationsFailed],
  ];
  return values
    .filter((v): v is [MetricName, number] => v[1] !== null)
    .map(([metric, value]) => ({ metric, dimension, key, value }));
}

/**
 * The figures of `day` over the datasets that existed by its end (first seen before it, or unknown). `asOf`
 * (default: the day's end) is the instant the day is judged at, for today.
 */
function dayFigures(
  facts: readonly DatasetFacts[],
  day: string,
  activity: DayActivity,
  judges: Judges,
  asOf?: number,
): MetricPointValue[] {
  const start = dayStart(day);
  const end = Math.min(dayEnd(day), asOf ?? Infinity);
  const catalog = emptyTally();
  const groups = new Map<string, Tally>();
  const tallyOf = (dimension: Dimension, key: string) => {
    const id = `${dimension}|${key}`;
    let t = groups.get(id);
    if (!t) groups.set(id, (t = emptyTally()));
    return t;
  };
  const byUrn = new Map<string, DatasetFacts>();
  for (const f of facts) {
    if (f.firstSeen !== null && f.firstSeen > end) continue;
    byUrn.set(f.urn, f);
    addDataset(catalog, f, start, end, judges);
    for (const dimension of GROUP_DIMENSIONS)
      addDataset(tallyOf(dimension, f.groups[dimension]), f, start, end, judges);
  }
  for (const v of activity.validations) {
    const f = byUrn.get(v.urn);
    const tallies = [catalog, ...(f ? GROUP_DIMENSIONS.map((d) => tallyOf(d, f.groups[d])) : [])];
    for (const t of tallies) {
      t.validationsRun++;
      if (v.failed) t.validationsFailed++;
    }
  }
  const previous = activity.previousDatasets;
  const points = pointsOf('CATALOG', '', catalog, previous?.get('CATALOG|'));
  for (const [id, t] of groups) {
    const [dimension, ...rest] = id.split('|');
    const key = rest.join('|') || NO_GROUP;
    points.push(...pointsOf(dimension as Dimension, key, t, previous?.get(id) ?? (previous ? 0 : undefined)));
  }
  points.push(
    { metric: 'search_questions', dimension: 'CATALOG', key: '', value: activity.searchQuestions },
    { metric: 'search_no_click', dimension: 'CATALOG', key: '', value: activity.searchNoClick },
  );
  return points;
}

type Progress = (step: string, done: number, total: number) => void;

/** Computes and stores the days from `from` to `to` one at a time (the collector's first collectDays). */
export async function baselineCollectDays(
  store: Store,
  facts: readonly DatasetFacts[],
  from: string,
  to: string,
  asOf: number,
  progress: Progress,
): Promise<number> {
  const days = daysBetween(from, to);
  const runsByDay = await validationRunsByDay(store, dayStart(from), dayEnd(to));
  let previous = await datasetCounts(store, dayOf(dayStart(from) - DAY_MS));
  let points = 0;
  for (const [i, day] of days.entries()) {
    const questions = (await questionCountsByDay(store, dayStart(day), dayStart(day) + DAY_MS)).get(day) ?? {
      asked: 0,
      noClick: 0,
    };
    const figures = dayFigures(
      facts,
      day,
      {
        validations: runsByDay.get(day) ?? [],
        searchQuestions: questions.asked,
        searchNoClick: questions.noClick,
        previousDatasets: previous,
      },
      { operationsKept: OPERATION_HISTORY.limit ?? 200, freshness: freshnessStatus },
      asOf,
    );
    await replaceDays(store, [{ day, points: figures }]);
    points += figures.length;
    previous = new Map(
      figures.filter((p) => p.metric === 'datasets').map((p) => [`${p.dimension}|${p.key}`, p.value]),
    );
    progress('baseline: compute days', i + 1, days.length);
  }
  return points;
}
