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

/**
 * The last value against the value one period earlier (the period being the range shown): the trend a
 * governance lead reports. null when the series does not reach back that far.
 */
export function comparePeriods(points: readonly { day: string; value: number }[]): PeriodComparison | null {
  if (points.length === 0) return null;
  const current = points.at(-1)!.value;
  const first = points[0]!;
  if (points.length < 2) return { current, previous: null, change: null };
  return { current, previous: first.value, change: current - first.value };
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
