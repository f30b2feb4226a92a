import { dayEnd, dayStart } from './days.js';
import type { DatasetFacts } from './dataset-facts.js';
import type { MetricJudges } from './judges.js';
import { GROUP_DIMENSIONS, NO_GROUP, type Dimension, type MetricName } from './metric-catalog.js';

/**
 * The figures of a run of days from the datasets' facts and each day's activity: every metric over the
 * catalog and over each group of each breakdown. Pure, so a backfilled day and a day collected live are the
 * same computation over the same facts (`asOf` cuts the last day short when it is today). Each dataset is
 * walked once through the days, its histories read forward, and its day judged once for all five tallies
 * it counts in: a backfill is datasets × days, not datasets × days × breakdowns.
 */

export interface MetricPointValue {
  metric: MetricName;
  dimension: Dimension;
  key: string;
  value: number;
}

export interface DayActivity {
  /** Validations run that day: which dataset, and whether it failed. */
  validations: readonly { urn: string; failed: boolean }[];
  searchQuestions: number;
  searchNoClick: number;
  /** Live datasets of the previous collected day per `dimension|key` (for datasets_removed); null: none. */
  previousDatasets: ReadonlyMap<string, number> | null;
}

export interface RangeActivity {
  /** Per day: validations run, which dataset, and whether it failed. */
  validations: ReadonlyMap<string, readonly { urn: string; failed: boolean }[]>;
  /** Per day: questions asked of search, and of them those with no click. */
  search: ReadonlyMap<string, { asked: number; noClick: number }>;
  /** Live datasets of the day before the first per `dimension|key`; null: none collected. */
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

type Judges = Pick<MetricJudges, 'lateness'>;

/** What one dataset adds to a tally on one day. */
interface DatasetDay {
  isNew: boolean;
  rows: number;
  bytes: number;
  /** null: no cadence learned by then. */
  onTime: boolean | null;
  schemaChanges: number;
}

function addDataset(t: Tally, f: DatasetFacts, d: DatasetDay): void {
  t.datasets++;
  if (d.isNew) t.newDatasets++;
  if (f.deprecated) t.deprecated++;
  t.rows += d.rows;
  t.bytes += d.bytes;
  if (d.onTime !== null) {
    t.cadenced++;
    if (d.onTime) t.onTime++;
  }
  if (f.tableDocumented) t.tableDocumented++;
  t.fieldsDocumented += f.fieldsDocumented;
  t.fieldsTotal += f.fieldsTotal;
  if (f.owned) t.owned++;
  if (f.piiLike) {
    t.piiLike++;
    if (f.piiTermed) t.piiTermed++;
  }
  t.schemaChanges += d.schemaChanges;
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

/** The tallies of a run of days: the catalog's and each group's, groups numbered as first met. */
class RangeTallies {
  readonly ids: string[] = ['CATALOG|'];
  private readonly index = new Map<string, number>([['CATALOG|', 0]]);
  /** Per day, per group number: undefined until a dataset or validation counts in it. */
  readonly byDay: (Tally | undefined)[][];

  constructor(days: number) {
    this.byDay = Array.from({ length: days }, () => []);
  }

  groupOf(dimension: Dimension, key: string): number {
    const id = `${dimension}|${key}`;
    let n = this.index.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.index.set(id, n);
      this.ids.push(id);
    }
    return n;
  }

  tally(day: number, group: number): Tally {
    const row = this.byDay[day]!;
    return (row[group] ??= emptyTally());
  }
}

/**
 * The figures of each of `days` (consecutive, oldest first) over the datasets that existed by its end
 * (first seen before it, or unknown). `asOf` (default: each day's end) is the instant the days are judged
 * at, for today. Answers one list of points per day, in the order of `days`.
 */
export function rangeFigures(
  facts: readonly DatasetFacts[],
  days: readonly string[],
  activity: RangeActivity,
  judges: Judges,
  asOf?: number,
): MetricPointValue[][] {
  const starts = days.map(dayStart);
  const ends = days.map((d) => Math.min(dayEnd(d), asOf ?? Infinity));
  const tallies = new RangeTallies(days.length);
  // A dataset's groups and the first day it is live, by urn, for the validations; the groups of a day's
  // tallies are the catalog's first, then each dataset's in the order met (the order its points come out in).
  const groupsOf = new Map<string, { groups: number[]; liveFrom: number }>();
  const dayOrder: number[][] = days.map(() => [0]);
  const seen: Set<number>[] = days.map(() => new Set([0]));
  for (const f of facts) {
    const groups = [
      0,
      ...GROUP_DIMENSIONS.map((dimension) => tallies.groupOf(dimension, f.groups[dimension])),
    ];
    const live = { groups, liveFrom: days.length };
    groupsOf.set(f.urn, live);
    let profile = 0;
    let opsEnd = 0;
    const lateness = f.operations.length > 0 ? judges.lateness(f.operations) : null;
    let changesEnd = 0;
    let changesStart = 0;
    for (let i = 0; i < days.length; i++) {
      const start = starts[i]!;
      const end = ends[i]!;
      if (f.firstSeen !== null && f.firstSeen > end) continue;
      live.liveFrom = Math.min(live.liveFrom, i);
      while (profile < f.profiles.length && f.profiles[profile]!.at <= end) profile++;
      while (opsEnd < f.operations.length && f.operations[opsEnd]!.timestampMillis <= end) opsEnd++;
      while (changesEnd < f.schemaChanges.length && f.schemaChanges[changesEnd]! <= end) changesEnd++;
      while (changesStart < f.schemaChanges.length && f.schemaChanges[changesStart]! < start) changesStart++;
      const late = lateness && opsEnd > 0 ? lateness(opsEnd) : null;
      const p = f.profiles[profile - 1];
      const day: DatasetDay = {
        isNew: f.firstSeen !== null && f.firstSeen >= start,
        rows: p?.rows ?? 0,
        bytes: p?.bytes ?? 0,
        onTime: late === null ? null : end <= late,
        schemaChanges: Math.max(0, changesEnd - changesStart),
      };
      for (const g of groups) {
        addDataset(tallies.tally(i, g), f, day);
        if (!seen[i]!.has(g)) {
          seen[i]!.add(g);
          dayOrder[i]!.push(g);
        }
      }
    }
  }
  const out: MetricPointValue[][] = [];
  let previous = activity.previousDatasets;
  for (let i = 0; i < days.length; i++) {
    for (const v of activity.validations.get(days[i]!) ?? []) {
      const live = groupsOf.get(v.urn);
      // A validation of a dataset not live that day counts for the catalog only.
      const counted = live && live.liveFrom <= i ? live.groups : [0];
      for (const g of counted) {
        const t = tallies.tally(i, g);
        if (!seen[i]!.has(g)) {
          seen[i]!.add(g);
          dayOrder[i]!.push(g);
        }
        t.validationsRun++;
        if (v.failed) t.validationsFailed++;
      }
    }
    const points: MetricPointValue[] = [];
    for (const g of dayOrder[i]!) {
      const id = tallies.ids[g]!;
      const [dimension, ...rest] = id.split('|');
      const key = g === 0 ? '' : rest.join('|') || NO_GROUP;
      const before = g === 0 ? previous?.get(id) : (previous?.get(id) ?? (previous ? 0 : undefined));
      points.push(...pointsOf(dimension as Dimension, key, tallies.tally(i, g), before));
    }
    const search = activity.search.get(days[i]!) ?? { asked: 0, noClick: 0 };
    points.push(
      { metric: 'search_questions', dimension: 'CATALOG', key: '', value: search.asked },
      { metric: 'search_no_click', dimension: 'CATALOG', key: '', value: search.noClick },
    );
    out.push(points);
    previous = new Map(
      points.filter((p) => p.metric === 'datasets').map((p) => [`${p.dimension}|${p.key}`, p.value]),
    );
  }
  return out;
}

/** The figures of one day: rangeFigures over `day` alone. */
export function dayFigures(
  facts: readonly DatasetFacts[],
  day: string,
  activity: DayActivity,
  judges: Judges,
  asOf?: number,
): MetricPointValue[] {
  const [points] = rangeFigures(
    facts,
    [day],
    {
      validations: new Map([[day, activity.validations]]),
      search: new Map([[day, { asked: activity.searchQuestions, noClick: activity.searchNoClick }]]),
      previousDatasets: activity.previousDatasets,
    },
    judges,
    asOf,
  );
  return points!;
}
