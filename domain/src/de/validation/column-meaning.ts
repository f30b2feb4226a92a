import { baselineAt, type Baseline, type MetricPoint } from '../anomaly/baseline.js';

/**
 * Column metrics judged by what they mean, not as stationary series. A distinct count that grows with the
 * table (the key's, a customer id's) is judged as a share of the row count when that share is steady; a
 * maximum or minimum that only moves one way (an id, a timestamp) is judged by how fast it moves, per day or
 * per row added, whichever is steadier, not by where it is.
 */

const DAY = 86_400_000;
/** Share of steps in one direction for a series to count as monotonic. */
const MONOTONIC_SHARE = 0.9;

export type ColumnView =
  'level' | 'share of row count' | 'change per day' | 'change per row added' | 'bytes per row';

export interface ViewedSeries {
  view: ColumnView;
  series: MetricPoint[];
  observed: number;
}

/** A metric's series in the view that suits it, and the observed value in the same view. */
export function columnViews(
  metric: string,
  series: readonly MetricPoint[],
  observed: { t: number; v: number },
  rowCountAt: ReadonlyMap<number, number>,
): ViewedSeries[] {
  const [kind] = metric.split(':');
  const views: ViewedSeries[] = [{ view: 'level', series: [...series], observed: observed.v }];
  if (kind === 'uniqueCount') {
    const rows = rowCountAt.get(observed.t);
    const share = series.flatMap((p) => {
      const r = rowCountAt.get(p.t);
      return r && r > 0 ? [{ t: p.t, v: p.v / r }] : [];
    });
    if (rows && rows > 0 && share.length === series.length)
      views.push({ view: 'share of row count', series: share, observed: observed.v / rows });
  }
  if ((kind === 'max' || kind === 'min') && series.length >= 3) {
    const sign = kind === 'max' ? 1 : -1;
    let forward = 0;
    let moved = 0;
    for (let i = 1; i < series.length; i++) {
      const step = sign * (series[i]!.v - series[i - 1]!.v);
      if (step >= 0) forward++;
      if (step > 0) moved++;
    }
    const steps = series.length - 1;
    if (forward / steps >= MONOTONIC_SHARE && moved / steps >= 0.5) {
      const rate = (a: MetricPoint, b: MetricPoint) => ((b.v - a.v) / Math.max(b.t - a.t, 1)) * DAY;
      const rates = series.slice(1).map((p, i) => ({ t: p.t, v: rate(series[i]!, p) }));
      const last = series.at(-1)!;
      // Only rates: where a one-way series stands says nothing on its own. Per day (a timestamp), and per row
      // added where the table grew.
      // An id advances with the rows, whatever the day's volume: per row added first, so that it is preferred
      // when both views are as steady.
      const rated: ViewedSeries[] = [];
      const added = (a: MetricPoint, b: MetricPoint) =>
        (rowCountAt.get(b.t) ?? 0) - (rowCountAt.get(a.t) ?? 0);
      const perRow = series.slice(1).flatMap((p, i) => {
        const rows = added(series[i]!, p);
        return rows > 0 ? [{ t: p.t, v: (p.v - series[i]!.v) / rows }] : [];
      });
      const rowsNow = added(last, observed);
      if (rowsNow > 0 && perRow.length >= steps / 2)
        rated.push({
          view: 'change per row added',
          series: perRow,
          observed: (observed.v - last.v) / rowsNow,
        });
      rated.push({ view: 'change per day', series: rates, observed: rate(last, observed) });
      return rated;
    }
  }
  return views;
}

/** A later view is chosen over an earlier one when its relative scale is below this share of the earlier's. */
const CLEARLY_STEADIER = 0.8;
/** A share of the row count this steady (relative scale) means the count tracks the table. */
const TRACKS_TABLE = 0.05;

/**
 * The view to judge by, with its baseline: a distinct count whose share of the row count is steady tracks the
 * table and is judged by that share; otherwise the view whose baseline is steadiest relative to its level
 * (robust scale over expected value). Null when none has enough history.
 */
export function steadiestView(
  views: readonly ViewedSeries[],
  at: number,
  minPoints: number,
  minScale: (view: ViewedSeries) => number,
): { view: ViewedSeries; base: Baseline } | null {
  let best: { view: ViewedSeries; base: Baseline; relative: number } | null = null;
  for (const view of views) {
    const base = baselineAt(view.series, at, minPoints, minScale(view));
    if (!base) continue;
    const relative = base.scale / Math.max(Math.abs(base.expected), 1e-12);
    if (view.view === 'share of row count' && relative <= TRACKS_TABLE) return { view, base };
    // Views come in order of meaning: a later one replaces an earlier only when clearly steadier, not when a
    // hair steadier (two views at their resolution floor).
    if (!best || relative < CLEARLY_STEADIER * best.relative) best = { view, base, relative };
  }
  return best;
}
