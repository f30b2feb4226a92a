import type { HubDatasetProfile } from '../../ports/hub-port.js';
import { baselineAt, type MetricPoint } from '../anomaly/baseline.js';
import { IsolationForest } from '../anomaly/isolation-forest.js';
import { DEFAULT_DETECTOR_OPTIONS, StreamingDetector } from '../anomaly/streaming-detector.js';
import { columnViews, steadiestView, type ColumnView, type ViewedSeries } from './column-meaning.js';
import { fmt } from './format.js';
import { isAppendOnly } from './loads.js';
import { smallSampleFactor } from './small-sample.js';
import type { CheckName, MetricJudgement, ValidationIssue } from './types.js';

/**
 * Metric checks over profile history: each metric (row count, size, and per column the null ratio, distinct
 * count, min, max and mean) is judged against its seasonal baseline band and scored by the streaming
 * detector; the column profiles together are judged by an isolation forest for drift spread over columns.
 */

/** Points a baseline needs. */
export const MIN_HISTORY_POINTS = 7;
/** Half-width of the band in robust residual scales (≈ 4σ: rare for ordinary days, even with 50 metrics). */
export const BAND_K = 4;
/** Beyond this many scales a deviation fails on its own; between BAND_K and it, when the detector agrees. */
const FAIL_Z = 8;
/** The detector's record threshold: a score above it means the value is beyond anything in the history. */
const DETECTOR_RECORD = 0.5;
/** Isolation forest score above which the column profiles as a whole count as drifted. */
const DRIFT_SCORE = 0.72;

export type ProfilePoint = { t: number; metrics: Map<string, number> };

const num = (s: string | number | null | undefined): number | null => {
  if (s === null || s === undefined || s === '') return null;
  const n = typeof s === 'number' ? s : Number(s);
  return Number.isFinite(n) ? n : null;
};

/** The metrics of one profile, by name. */
export function profileMetrics(p: HubDatasetProfile): ProfilePoint {
  const m = new Map<string, number>();
  const put = (k: string, v: number | null) => {
    if (v !== null) m.set(k, v);
  };
  put('rowCount', num(p.rowCount));
  put('sizeInBytes', num(p.sizeInBytes));
  for (const f of p.fieldProfiles ?? []) {
    put(`nullProportion:${f.fieldPath}`, num(f.nullProportion));
    put(`uniqueCount:${f.fieldPath}`, num(f.uniqueCount));
    put(`min:${f.fieldPath}`, num(f.min));
    put(`max:${f.fieldPath}`, num(f.max));
    put(`mean:${f.fieldPath}`, num(f.mean));
  }
  return { t: p.timestampMillis, metrics: m };
}

/**
 * The resolution below which a change does not matter to a user: a percentage point of null ratio, 2% of a
 * count, size or value. Without it a metric that barely moves gets a band narrower than its rounding. A
 * distinct count is a count: one more category of four is not a 25% anomaly, so its scale is at least the
 * count's own counting noise (√count; in a share of the row count, √count / rows).
 */
function minScale(
  metric: string,
  series: readonly MetricPoint[],
  view: ColumnView = 'level',
  rows = 0,
): number {
  if (metric.startsWith('nullProportion:') && view === 'level') return 0.01;
  const typical = Math.abs(series.reduce((a, p) => a + p.v, 0) / Math.max(1, series.length));
  if (metric.startsWith('uniqueCount:') && view === 'level')
    return Math.max(0.02 * typical, Math.sqrt(typical));
  if (metric.startsWith('uniqueCount:') && view === 'share of row count' && rows > 0)
    return Math.max(0.02 * typical, Math.sqrt(typical * rows) / rows);
  return 0.02 * typical;
}

export function checkOf(metric: string): CheckName {
  return metric === 'rowCount' || metric === 'sizeInBytes' ? 'volume' : 'column';
}

const LABELS: Record<string, string> = {
  nullProportion: 'Null ratio',
  uniqueCount: 'Distinct count',
  min: 'Minimum',
  max: 'Maximum',
  mean: 'Mean',
};

function what(metric: string): string {
  const [kind, field] = metric.split(':');
  if (kind === 'rowCount') return 'Row count';
  if (kind === 'sizeInBytes') return 'Size in bytes';
  return `${LABELS[kind!] ?? kind} of ${field}`;
}

function explain(
  metric: string,
  view: ColumnView,
  observed: number,
  low: number,
  high: number,
  weekly: boolean,
): string {
  const dir = observed < low ? 'below' : 'above';
  const basis = weekly ? 'its trend and weekly pattern' : 'its recent level and trend';
  const subject = view === 'level' ? what(metric) : `${what(metric)} (${view})`;
  return `${subject} is ${fmt(observed)}, ${dir} the expected ${fmt(low)}–${fmt(high)} from ${basis}.`;
}

export interface MetricOutcome {
  issues: ValidationIssue[];
  /** Each judged metric with its observed value and band, passing or not. */
  judgements: MetricJudgement[];
  /** Metrics with enough history to be judged. */
  judged: number;
  /** Most points any metric had before the validated point. */
  historyPoints: number;
}

/** A null ratio fails only when it rose at least this much (absolute) beyond the band's evidence. */
export const NULL_JUMP = 0.05;
/** Scales beyond which a null ratio's rise fails (with NULL_JUMP). */
const NULL_FAIL_Z = BAND_K + 1;

/** Size per row over the profiles that have both; null when fewer than half of them do. */
function bytesPerRow(
  series: readonly MetricPoint[],
  observed: number,
  rowsNow: number,
  rowCountAt: ReadonlyMap<number, number>,
): ViewedSeries | null {
  const perRow = series.flatMap((p) => {
    const r = rowCountAt.get(p.t);
    return r && r > 0 ? [{ t: p.t, v: p.v / r }] : [];
  });
  if (perRow.length < series.length / 2) return null;
  return { view: 'bytes per row', series: perRow, observed: observed / rowsNow };
}

function seriesOf(past: readonly ProfilePoint[], metric: string): MetricPoint[] {
  const series: MetricPoint[] = [];
  for (const p of past) {
    const v = p.metrics.get(metric);
    if (v !== undefined) series.push({ t: p.t, v });
  }
  return series;
}

/**
 * A table that only grows is judged by its loads (per-load volume) and by whether it shrank, not by a band
 * around its total: a shrink beyond both 5% and twice the largest earlier shrink fails, beyond the largest
 * earlier one (and 1%) warns.
 */
function appendLevel(
  metric: string,
  series: readonly MetricPoint[],
  observed: number,
): ValidationIssue | null {
  const previous = series.at(-1)!.v;
  const shrink = previous - observed;
  if (shrink <= 0) return null;
  let largest = 0;
  for (let i = 1; i < series.length; i++) largest = Math.max(largest, series[i - 1]!.v - series[i]!.v);
  const warnAt = Math.max(0.01 * previous, largest);
  if (shrink <= warnAt) return null;
  const fail = shrink > Math.max(0.05 * previous, 2 * largest);
  return {
    check: 'volume',
    metric,
    severity: fail ? 'fail' : 'warn',
    observed,
    expectedLow: previous - warnAt,
    expectedHigh: null,
    anomalyScore: null,
    expectation: `an append-only table does not shrink by more than ${fmt(warnAt)} (1% or its largest earlier shrink)`,
    explanation: `${what(metric)} fell from ${fmt(previous)} to ${fmt(observed)} (${fmt(Math.round((shrink / previous) * 100))}% less); the table only grows, its largest earlier shrink was ${fmt(largest)}.`,
    relatedUrn: null,
  };
}

/**
 * Judges each metric of `current` against `history` (profiles strictly before it). Row count and size: a
 * band around the level (and the streaming detector) for tables that are rebuilt; for tables that only grow,
 * whether they shrank. Column metrics in the view that suits them (columnViews), and alone they warn: they
 * fail only when far out (FAIL_Z scales) on this profile and the one before it, except a null ratio that rose
 * by NULL_JUMP or more beyond NULL_FAIL_Z scales.
 */
export function checkMetrics(history: readonly ProfilePoint[], current: ProfilePoint): MetricOutcome {
  const issues: ValidationIssue[] = [];
  const judgements: MetricJudgement[] = [];
  let judged = 0;
  let historyPoints = 0;
  const past = [...history].filter((p) => p.t < current.t).sort((a, b) => a.t - b.t);
  const rowCountAt = new Map<number, number>();
  for (const p of [...past, current]) {
    const r = p.metrics.get('rowCount');
    if (r !== undefined) rowCountAt.set(p.t, r);
  }
  const rows = seriesOf(past, 'rowCount');
  const appendOnly = isAppendOnly(rows.map((p) => ({ t: p.t, rowCount: p.v })));
  for (const [metric, observed] of current.metrics) {
    const series = seriesOf(past, metric);
    historyPoints = Math.max(historyPoints, series.length);
    const volume = checkOf(metric) === 'volume';
    const rowsNow = rowCountAt.get(current.t) ?? 0;
    const views: ViewedSeries[] = volume
      ? [{ view: 'level', series, observed }]
      : columnViews(metric, series, { t: current.t, v: observed }, rowCountAt);
    // Size beside a row count: what the rows do not explain, the bytes per row, is what size adds.
    const perRow =
      metric === 'sizeInBytes' && rowsNow > 0 ? bytesPerRow(series, observed, rowsNow, rowCountAt) : null;
    if (perRow) views.splice(0, views.length, perRow);
    const chosen = steadiestView(views, current.t, MIN_HISTORY_POINTS, (v) =>
      minScale(metric, v.series, v.view, rowsNow),
    );
    if (!chosen) continue;
    judged++;
    const { view } = chosen;
    // The scale widened for how few points it was learned from.
    const base = { ...chosen.base, scale: chosen.base.scale * smallSampleFactor(chosen.base.points) };
    const value = view.observed;
    // A null ratio cannot go below 0, so neither does its band.
    const low = metric.startsWith('nullProportion:')
      ? Math.max(0, base.expected - BAND_K * base.scale)
      : base.expected - BAND_K * base.scale;
    const high = base.expected + BAND_K * base.scale;
    const expectation = `${what(metric)}${view.view === 'level' ? '' : ` (${view.view})`} within ${fmt(low)}–${fmt(high)}, from ${base.weekly ? 'its trend and weekly pattern' : 'its recent level and trend'}`;
    if (volume && appendOnly && series.length > 0 && !perRow) {
      const shrank = appendLevel(metric, series, observed);
      const sizeOnly = metric === 'sizeInBytes' && rowCountAt.has(current.t);
      const issue = shrank && sizeOnly ? { ...shrank, severity: 'warn' as const } : shrank;
      judgements.push({
        metric,
        observed,
        expectedLow: issue?.expectedLow ?? Math.min(low, observed),
        expectedHigh: Math.max(high, observed),
        status: issue?.severity ?? 'pass',
      });
      if (issue) issues.push(issue);
      continue;
    }
    if (value >= low && value <= high) {
      if (view.view === 'level')
        judgements.push({ metric, observed, expectedLow: low, expectedHigh: high, status: 'pass' });
      else
        judgements.push({
          metric,
          observed,
          expectedLow: Math.min(observed, low),
          expectedHigh: Math.max(observed, high),
          status: 'pass',
        });
      continue;
    }
    const z = Math.abs(value - base.expected) / base.scale;
    let severity: 'warn' | 'fail';
    let score: number | null = null;
    if (volume) {
      const detector = new StreamingDetector({ ...DEFAULT_DETECTOR_OPTIONS, warmup: MIN_HISTORY_POINTS });
      for (const p of series) detector.update(p.v, p.t);
      detector.update(observed, current.t);
      score = detector.lastRawScore;
      // A record beyond the band fails when clearly beyond it: a growing table sets records every load.
      severity = z >= FAIL_Z || (score > DETECTOR_RECORD && z >= BAND_K + 1) ? 'fail' : 'warn';
      // The row count says it better than the size: a size alone warns.
      if (metric === 'sizeInBytes' && rowCountAt.has(current.t)) severity = 'warn';
    } else if (metric.startsWith('nullProportion:')) {
      severity = z >= NULL_FAIL_Z && value - base.expected >= NULL_JUMP ? 'fail' : 'warn';
    } else {
      const floor = minScale(metric, view.series, view.view, rowsNow);
      severity = z >= FAIL_Z && persistent(view, current.t, value > base.expected, floor) ? 'fail' : 'warn';
    }
    const shown = view.view === 'level';
    judgements.push({
      metric,
      observed,
      expectedLow: shown ? low : Math.min(observed, low),
      expectedHigh: shown ? high : Math.max(observed, high),
      status: severity,
    });
    issues.push({
      check: checkOf(metric),
      metric,
      severity,
      observed: value,
      expectedLow: low,
      expectedHigh: high,
      anomalyScore: score === null ? null : Number(score.toFixed(4)),
      expectation,
      explanation: explain(metric, view.view, value, low, high, base.weekly),
      relatedUrn: null,
    });
  }
  return { issues, judgements, judged, historyPoints };
}

/** Whether the point before the validated one was also far out (FAIL_Z scales) on the same side. */
function persistent(view: ViewedSeries, at: number, above: boolean, floor: number): boolean {
  const previous = view.series.filter((p) => p.t < at).at(-1);
  if (!previous) return false;
  const base = baselineAt(view.series, previous.t, MIN_HISTORY_POINTS, floor);
  if (!base) return false;
  const z = (previous.v - base.expected) / (base.scale * smallSampleFactor(base.points));
  return above ? z >= FAIL_Z : z <= -FAIL_Z;
}

/**
 * Drift across columns: an isolation forest over the history's column vectors (null ratio and distinct share
 * of each column every profile has) scores the current one. Null without enough history or columns.
 */
export function profileDrift(
  history: readonly ProfilePoint[],
  current: ProfilePoint,
): ValidationIssue | null {
  const keys = [...current.metrics.keys()].filter(
    (k) =>
      (k.startsWith('nullProportion:') || k.startsWith('uniqueCount:')) &&
      history.every((p) => p.metrics.has(k)),
  );
  if (keys.length < 2 || history.length < 3 * MIN_HISTORY_POINTS) return null;
  // Scale each feature by its history's spread so that no column dominates by its units.
  const spread = keys.map((k) => {
    const vs = history.map((p) => p.metrics.get(k)!);
    const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
    const sd = Math.sqrt(vs.reduce((a, b) => a + (b - mean) ** 2, 0) / vs.length);
    return { mean, sd: sd > 0 ? sd : Math.abs(mean) * 0.01 + 1e-9 };
  });
  const vector = (p: ProfilePoint) =>
    keys.map((k, i) => (p.metrics.get(k)! - spread[i]!.mean) / spread[i]!.sd);
  const forest = new IsolationForest(history.map(vector), { trees: 100, sampleSize: 64, seed: 7 });
  const score = forest.score(vector(current));
  if (score < DRIFT_SCORE) return null;
  return {
    check: 'profile_drift',
    metric: 'columnProfiles',
    severity: 'warn',
    observed: Number(score.toFixed(4)),
    expectedLow: null,
    expectedHigh: DRIFT_SCORE,
    anomalyScore: Number(score.toFixed(4)),
    expectation: `the column profiles together score below ${DRIFT_SCORE} on an isolation forest of earlier profiles`,
    explanation: `The column profiles together (null ratios and distinct counts of ${keys.length / 2} columns) look unlike any earlier profile (isolation score ${score.toFixed(2)}, usual below ${DRIFT_SCORE}).`,
    relatedUrn: null,
  };
}
