import type { HubDatasetProfile } from '../../ports/hub-port.js';
import { baselineAt, type MetricPoint } from '../anomaly/baseline.js';
import { IsolationForest } from '../anomaly/isolation-forest.js';
import { DEFAULT_DETECTOR_OPTIONS, StreamingDetector } from '../anomaly/streaming-detector.js';
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
 * count, size or value. Without it a metric that barely moves gets a band narrower than its rounding.
 */
function minScale(metric: string, series: readonly MetricPoint[]): number {
  if (metric.startsWith('nullProportion:')) return 0.01;
  const typical = Math.abs(series.reduce((a, p) => a + p.v, 0) / Math.max(1, series.length));
  return 0.02 * typical;
}

export function checkOf(metric: string): CheckName {
  return metric === 'rowCount' || metric === 'sizeInBytes' ? 'volume' : 'column';
}

/**
 * An integer with thousands separators, as `toLocaleString('en-US')` writes it, without its first call's cost
 * (loading the ICU number formats, paid by the first failing validation of a process).
 */
function grouped(n: number): string {
  // Beyond 2^53 toLocaleString writes the shortest digits that round-trip; so rare a value may pay for it.
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

const fmt = (x: number) => (Math.abs(x) >= 1000 ? grouped(Math.round(x)) : String(Number(x.toPrecision(4))));

function explain(metric: string, observed: number, low: number, high: number, weekly: boolean): string {
  const [kind, field] = metric.split(':');
  const what =
    kind === 'rowCount'
      ? 'Row count'
      : kind === 'sizeInBytes'
        ? 'Size in bytes'
        : `${{ nullProportion: 'Null ratio', uniqueCount: 'Distinct count', min: 'Minimum', max: 'Maximum', mean: 'Mean' }[kind!] ?? kind} of ${field}`;
  const dir = observed < low ? 'below' : 'above';
  const basis = weekly ? 'its trend and weekly pattern' : 'its recent level and trend';
  return `${what} is ${fmt(observed)}, ${dir} the expected ${fmt(low)}–${fmt(high)} from ${basis}.`;
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

/** Judges each metric of `current` against `history` (profiles strictly before it). */
export function checkMetrics(history: readonly ProfilePoint[], current: ProfilePoint): MetricOutcome {
  const issues: ValidationIssue[] = [];
  const judgements: MetricJudgement[] = [];
  let judged = 0;
  let historyPoints = 0;
  const past = [...history].filter((p) => p.t < current.t).sort((a, b) => a.t - b.t);
  for (const [metric, observed] of current.metrics) {
    const series: MetricPoint[] = [];
    for (const p of past) {
      const v = p.metrics.get(metric);
      if (v !== undefined) series.push({ t: p.t, v });
    }
    historyPoints = Math.max(historyPoints, series.length);
    const base = baselineAt(series, current.t, MIN_HISTORY_POINTS, minScale(metric, series));
    if (!base) continue;
    judged++;
    // A null ratio cannot go below 0, so neither does its band.
    const low = metric.startsWith('nullProportion:')
      ? Math.max(0, base.expected - BAND_K * base.scale)
      : base.expected - BAND_K * base.scale;
    const high = base.expected + BAND_K * base.scale;
    if (observed >= low && observed <= high) {
      judgements.push({ metric, observed, expectedLow: low, expectedHigh: high, status: 'pass' });
      continue;
    }
    const detector = new StreamingDetector({ ...DEFAULT_DETECTOR_OPTIONS, warmup: MIN_HISTORY_POINTS });
    for (const p of series) detector.update(p.v, p.t);
    detector.update(observed, current.t);
    const score = detector.lastRawScore;
    const z = Math.abs(observed - base.expected) / base.scale;
    const severity = z >= FAIL_Z || score > DETECTOR_RECORD ? 'fail' : 'warn';
    judgements.push({ metric, observed, expectedLow: low, expectedHigh: high, status: severity });
    issues.push({
      check: checkOf(metric),
      metric,
      severity,
      observed,
      expectedLow: low,
      expectedHigh: high,
      anomalyScore: Number(score.toFixed(4)),
      explanation: explain(metric, observed, low, high, base.weekly),
      relatedUrn: null,
    });
  }
  return { issues, judgements, judged, historyPoints };
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
    explanation: `The column profiles together (null ratios and distinct counts of ${keys.length / 2} columns) look unlike any earlier profile (isolation score ${score.toFixed(2)}, usual below ${DRIFT_SCORE}).`,
    relatedUrn: null,
  };
}
