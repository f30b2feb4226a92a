/**
 * The governance metrics collected each day: their names (stable, in the API and the store), what they count
 * and whether they are a count or a share from 0 to 1.
 */

export const METRIC_DIMENSIONS = ['catalog', 'domain', 'platform', 'layer', 'owner_group'] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

export interface MetricDefinition {
  name: string;
  kind: 'count' | 'share';
  description: string;
}

export const METRICS: readonly MetricDefinition[] = [
  { name: 'datasets', kind: 'count', description: 'datasets in the catalog (not removed)' },
  { name: 'datasets_new', kind: 'count', description: 'datasets created that day' },
  { name: 'datasets_deprecated', kind: 'count', description: 'datasets marked deprecated' },
  {
    name: 'documentation_table',
    kind: 'share',
    description: 'share of datasets with a description',
  },
  {
    name: 'documentation_column',
    kind: 'share',
    description: 'share of schema fields with a description',
  },
  { name: 'ownership', kind: 'share', description: 'share of datasets with at least one owner' },
  { name: 'rows', kind: 'count', description: "rows, summed over each dataset's latest profile" },
  { name: 'bytes', kind: 'count', description: "bytes, summed over each dataset's latest profile" },
];

const BY_NAME = new Map(METRICS.map((m) => [m.name, m]));

export function metricDefinition(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}
