import type { MetricDimension } from './metric-catalog.js';

/** What the day's metrics need of one dataset, read from the hub by the collector. */
export interface DatasetFacts {
  platform: string;
  domain: string | null;
  layer: string | null;
  /** The urns of the groups that own it (corpGroup owners). */
  ownerGroups: readonly string[];
  created: number | null;
  deprecated: boolean;
  tableDocumented: boolean;
  fieldsDocumented: number;
  fieldsTotal: number;
  owned: boolean;
  /** From the dataset's latest profile up to the day's end; null without one. */
  rows: number | null;
  bytes: number | null;
}

export interface MetricValue {
  metric: string;
  dimension: MetricDimension;
  /** '' for the catalog and for datasets without a group in the dimension. */
  groupKey: string;
  value: number;
}

interface Tally {
  datasets: number;
  created: number;
  deprecated: number;
  tablesDocumented: number;
  fieldsDocumented: number;
  fieldsTotal: number;
  owned: number;
  rows: number;
  bytes: number;
}

const emptyTally = (): Tally => ({
  datasets: 0,
  created: 0,
  deprecated: 0,
  tablesDocumented: 0,
  fieldsDocumented: 0,
  fieldsTotal: 0,
  owned: 0,
  rows: 0,
  bytes: 0,
});

function keysOf(d: DatasetFacts, dimension: MetricDimension): readonly string[] {
  switch (dimension) {
    case 'catalog':
      return [''];
    case 'domain':
      return [d.domain ?? ''];
    case 'platform':
      return [d.platform];
    case 'layer':
      return [d.layer ?? ''];
    case 'owner_group':
      return d.ownerGroups.length ? [...new Set(d.ownerGroups)] : [''];
  }
}

/** An empty share is null: nothing to document is not 0% documented. */
const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * The metrics of one day, `[dayStart, dayEnd)` in epoch ms, over the datasets as they stood at its end:
 * the catalog's values and each group's of every breakdown (a dataset with several owner groups counts in each).
 */
export function dayMetrics(
  datasets: readonly DatasetFacts[],
  day: { start: number; end: number },
  dimensions: readonly MetricDimension[],
): MetricValue[] {
  const out: MetricValue[] = [];
  for (const dimension of dimensions) {
    const tallies = new Map<string, Tally>();
    if (dimension === 'catalog') tallies.set('', emptyTally());
    for (const d of datasets) {
      for (const key of keysOf(d, dimension)) {
        let t = tallies.get(key);
        if (!t) tallies.set(key, (t = emptyTally()));
        t.datasets++;
        if (d.created !== null && d.created >= day.start && d.created < day.end) t.created++;
        if (d.deprecated) t.deprecated++;
        if (d.tableDocumented) t.tablesDocumented++;
        t.fieldsDocumented += d.fieldsDocumented;
        t.fieldsTotal += d.fieldsTotal;
        if (d.owned) t.owned++;
        t.rows += d.rows ?? 0;
        t.bytes += d.bytes ?? 0;
      }
    }
    for (const [groupKey, t] of tallies) {
      const values: [string, number | null][] = [
        ['datasets', t.datasets],
        ['datasets_new', t.created],
        ['datasets_deprecated', t.deprecated],
        ['documentation_table', share(t.tablesDocumented, t.datasets)],
        ['documentation_column', share(t.fieldsDocumented, t.fieldsTotal)],
        ['ownership', share(t.owned, t.datasets)],
        ['rows', t.rows],
        ['bytes', t.bytes],
      ];
      for (const [metric, value] of values)
        if (value !== null) out.push({ metric, dimension, groupKey, value });
    }
  }
  return out;
}
