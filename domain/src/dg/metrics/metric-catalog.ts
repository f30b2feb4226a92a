import { InvalidInputError } from '../../shared/errors.js';

/**
 * The governance metrics DataSpoke collects each day: their names (the API's), what they measure and
 * whether they are a count, a sum or a share (0..1), and the breakdowns they are kept for.
 */

export const METRIC_NAMES = [
  'datasets',
  'datasets_new',
  'datasets_deprecated',
  'datasets_removed',
  'rows',
  'bytes',
  'freshness_on_time',
  'validations_passing',
  'table_documentation',
  'column_documentation',
  'ownership_coverage',
  'pii_coverage',
  'schema_changes',
  'validations_run',
  'validations_failed',
  'search_questions',
  'search_no_click',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const DIMENSIONS = ['CATALOG', 'DOMAIN', 'PLATFORM', 'LAYER', 'OWNER_GROUP'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** The breakdowns besides the whole catalog. */
export type GroupDimension = Exclude<Dimension, 'CATALOG'>;
export const GROUP_DIMENSIONS: readonly GroupDimension[] = ['DOMAIN', 'PLATFORM', 'LAYER', 'OWNER_GROUP'];

/** The key of datasets a breakdown has no group for (no domain, no owner group, an unknown layer). */
export const NO_GROUP = '(none)';

export type MetricUnit = 'count' | 'share' | 'rows' | 'bytes';

/**
 * How a period's figure (a week, a month) is read from the metric's daily points: a state (a count of
 * datasets, a coverage) is its value on the period's LAST day; a flow counted per day is the SUM over the
 * period; a per-day share of that day's events is their MEAN.
 */
export type MetricPeriodFigure = 'LAST' | 'SUM' | 'MEAN';

export interface MetricDefinition {
  name: MetricName;
  unit: MetricUnit;
  description: string;
  /** Search usage is not about datasets: it is kept for the whole catalog only. */
  catalogOnly: boolean;
  periodFigure: MetricPeriodFigure;
}

const def = (
  name: MetricName,
  unit: MetricUnit,
  description: string,
  {
    periodFigure = 'LAST',
    catalogOnly = false,
  }: Partial<Omit<MetricDefinition, 'name' | 'unit' | 'description'>> = {},
): MetricDefinition => ({ name, unit, description, catalogOnly, periodFigure });
const SUM = { periodFigure: 'SUM' } as const;

export const METRICS: readonly MetricDefinition[] = [
  def('datasets', 'count', 'Live datasets'),
  def(
    'datasets_new',
    'count',
    'Datasets first seen that day (created, or their first profile or operation)',
    SUM,
  ),
  def('datasets_deprecated', 'count', 'Datasets marked deprecated'),
  def('datasets_removed', 'count', 'Datasets gone since the day before (daily collections only)', SUM),
  def('rows', 'rows', 'Rows of the latest profile of each dataset'),
  def('bytes', 'bytes', 'Bytes of the latest profile of each dataset'),
  def('freshness_on_time', 'share', 'Of the datasets with a learned update cadence, the share on time'),
  def('validations_passing', 'share', 'Of the validations run that day, the share that did not fail', {
    periodFigure: 'MEAN',
  }),
  def('table_documentation', 'share', 'Share of datasets with a description'),
  def('column_documentation', 'share', 'Share of columns with a description'),
  def('ownership_coverage', 'share', 'Share of datasets with at least one owner'),
  def(
    'pii_coverage',
    'share',
    'Of the datasets with PII-like columns, the share carrying a PII glossary term',
  ),
  def('schema_changes', 'count', 'Schema versions written that day', SUM),
  def('validations_run', 'count', 'Validations run that day', SUM),
  def('validations_failed', 'count', 'Validations that failed that day', SUM),
  def('search_questions', 'count', 'Questions asked of search that day', { ...SUM, catalogOnly: true }),
  def('search_no_click', 'count', 'Questions asked that day with no result clicked', {
    ...SUM,
    catalogOnly: true,
  }),
];

const BY_NAME = new Map(METRICS.map((m) => [m.name, m]));

export function metricDefinition(name: string): MetricDefinition {
  const found = BY_NAME.get(name as MetricName);
  if (!found)
    throw new InvalidInputError(
      'UNKNOWN_METRIC',
      `no metric ${JSON.stringify(name)}; the metrics are ${METRIC_NAMES.join(', ')}`,
    );
  return found;
}

export function parseDimension(value: string): Dimension {
  if (!(DIMENSIONS as readonly string[]).includes(value))
    throw new InvalidInputError(
      'INVALID_GROUP_BY',
      `cannot group by ${JSON.stringify(value)}; use one of ${DIMENSIONS.join(', ')}`,
    );
  return value as Dimension;
}
