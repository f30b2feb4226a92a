/**
 * The naive baseline of `npm run bench:incidents`: what a data engineer might write in an afternoon. Every
 * series it can see up to asOf (row count, the change of row count between profiles, each column metric,
 * rows affected per load, the column count, the hours since the last load against the intervals between
 * loads) is judged by its last value against the rolling median of the 28 values before it ± 3·MAD
 * (scaled to σ). Causal like the validator: nothing after asOf is read.
 */
import type { TableCase } from './incidents-data.js';

const WINDOW = 28;
const K = 3;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Whether the last value of `series` is outside median ± K·1.4826·MAD of the WINDOW values before it. */
export function outsideMadBand(series: readonly number[]): boolean {
  if (series.length < 8) return false;
  const last = series.at(-1)!;
  const before = series.slice(Math.max(0, series.length - 1 - WINDOW), -1);
  const m = median(before);
  const mad = 1.4826 * median(before.map((x) => Math.abs(x - m)));
  return Math.abs(last - m) > K * mad + 1e-9 * Math.abs(m);
}

/** The baseline's verdict at asOf: true when any series it watches is outside its band. */
export function naiveFails(table: TableCase, asOf: number): boolean {
  const profiles = table.profiles.filter((p) => p.t <= asOf);
  const loads = table.loads.filter((l) => l.t <= asOf);
  const series: number[][] = [
    profiles.map((p) => p.rowCount),
    profiles.slice(1).map((p, i) => p.rowCount - profiles[i]!.rowCount),
    profiles.map((p) => p.columnCount),
    loads.map((l) => l.rows),
  ];
  const names = new Set(profiles.flatMap((p) => p.fields.map((f) => f.fieldPath)));
  for (const name of names)
    for (const k of ['uniqueCount', 'nullProportion', 'min', 'max', 'mean'] as const) {
      const values = profiles.flatMap((p) => {
        const v = p.fields.find((f) => f.fieldPath === name)?.[k];
        return v === undefined ? [] : [v];
      });
      if (values.length === profiles.length) series.push(values);
    }
  if (series.some(outsideMadBand)) return true;
  // Freshness: the hours since the last load, as if it were one more interval between loads.
  const times = loads.map((l) => l.t);
  if (times.length < 8) return false;
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  return outsideMadBand([...intervals, asOf - times.at(-1)!]) && asOf - times.at(-1)! > median(intervals);
}
