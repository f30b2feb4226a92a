/** Pure helpers of the metrics dashboard: chart rows, the period comparison, the CSV export. */

export interface SeriesLike {
  metric: string;
  dimension: string;
  key: string;
  points: readonly { day: string; value: number }[];
}

/** Groups drawn at most (the largest by their last value); the rest are left to the CSV. */
export const MAX_LINES = 8;

/** One row per day with a column per series key, for a line chart. */
export function chartRows(series: readonly SeriesLike[]): Record<string, number | string>[] {
  const days = new Map<string, Record<string, number | string>>();
  for (const s of series)
    for (const p of s.points) {
      let row = days.get(p.day);
      if (!row) days.set(p.day, (row = { day: p.day }));
      row[s.key || 'catalog'] = p.value;
    }
  return [...days.values()].sort((a, b) => String(a.day).localeCompare(String(b.day)));
}

/** The series worth drawing: the largest MAX_LINES by their last value. */
export function drawnSeries<T extends SeriesLike>(series: readonly T[]): T[] {
  const last = (s: T) => s.points.at(-1)?.value ?? 0;
  return [...series].sort((a, b) => last(b) - last(a)).slice(0, MAX_LINES);
}

export interface PeriodComparison {
  current: number;
  previous: number | null;
  change: number | null;
}

/** How a period's figure is read from its daily points: the metric definition's periodFigure. */
export type PeriodMeasure = 'LAST' | 'SUM' | 'MEAN';

function figureOf(points: readonly { day: string; value: number }[], measure: PeriodMeasure): number {
  if (measure === 'LAST') return points.at(-1)!.value;
  const total = points.reduce((sum, p) => sum + p.value, 0);
  return measure === 'SUM' ? total : total / points.length;
}

/**
 * The period shown (from `from` to the last point) against the previous period of the same length, the
 * points from `previousFrom` up to the day before `from`: what "vs previous period" means to a governance
 * lead. A total or a mean needs the previous period covered from its first day (else it is partial); a
 * state needs a point in it. previous and change are null when the points do not reach back that far.
 */
export function comparePeriods(
  points: readonly { day: string; value: number }[],
  period: { from: string; previousFrom: string },
  measure: PeriodMeasure,
): PeriodComparison | null {
  const current = points.filter((p) => p.day >= period.from);
  if (current.length === 0) return null;
  const previous = points.filter((p) => p.day >= period.previousFrom && p.day < period.from);
  const now = figureOf(current, measure);
  const covered = measure === 'LAST' ? previous.length > 0 : previous[0]?.day === period.previousFrom;
  if (!covered) return { current: now, previous: null, change: null };
  const before = figureOf(previous, measure);
  return { current: now, previous: before, change: now - before };
}

/** The points of the period shown (from `from` on). */
export function inPeriod<T extends { points: readonly { day: string }[] }>(series: T, from: string): T {
  return { ...series, points: series.points.filter((p) => p.day >= from) };
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The series as CSV, one row per point, as the REST facade answers `Accept: text/csv`. */
export function seriesCsv(series: readonly SeriesLike[]): string {
  const lines = ['metric,dimension,key,day,value'];
  for (const s of series)
    for (const p of s.points)
      lines.push([s.metric, s.dimension.toLowerCase(), s.key, p.day, p.value].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A day `days` before `day` (YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
