/**
 * The expected value of a metric at a time, with a confidence band, from its history: a robust local level
 * with trend, a weekly seasonal profile when the history is long enough to learn one, and a robust residual
 * scale. Outliers do not move it (medians and Theil–Sen), gaps do not break it (it works on timestamps, not
 * positions), and a level shift is absorbed once it has lasted (the level is the median of the latest points).
 */

import { lowerBound } from './sorted.js';

export interface MetricPoint {
  t: number;
  v: number;
}

export interface Baseline {
  expected: number;
  /** Robust residual scale (1.4826 × MAD): the band is expected ± k × scale. */
  scale: number;
  /** Points the baseline was learned from. */
  points: number;
  weekly: boolean;
}

const DAY = 86_400_000;
/** Points the local level is the median of: two weeks, so an incident a few days old is not yet the new normal. */
const LEVEL_POINTS = 14;
/** History the trend and scale are learned over: older points do not change a baseline, so need not be read. */
export const BASELINE_WINDOW_DAYS = 56;
const WINDOW_DAYS = BASELINE_WINDOW_DAYS;
/** Points before the first whose prediction residual counts toward the scale. */
const PREDICTED_FROM = 3;
/** Weeks of history before a weekly profile is trusted. */
const WEEKLY_MIN_WEEKS = 3;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return sortedMedian(Float64Array.from(values).sort());
}

/** The median of numbers sorted in place (a typed array sorts numerically, without a comparator call per pair). */
function sortedMedian(s: Float64Array): number {
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function mad(values: readonly number[]): number {
  const m = median(values);
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i]! - m);
  return sortedMedian(deviations.sort());
}

/**
 * The median of each value with the `width - 1` before it (fewer at the start), as `median(values.slice(i -
 * width + 1, i + 1))` for each i, from one sorted window kept as it slides rather than a sort per point.
 */
function trailingMedians(values: readonly number[], width: number): number[] {
  const out: number[] = [];
  const window: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (i >= width) window.splice(lowerBound(window, values[i - width]!), 1);
    window.splice(lowerBound(window, values[i]!), 0, values[i]!);
    const m = window.length >> 1;
    out.push(window.length % 2 ? window[m]! : (window[m - 1]! + window[m]!) / 2);
  }
  return out;
}

/** Theil–Sen slope per millisecond over (at most ~400) pairs; 0 with fewer than 3 points. */
function theilSen(points: readonly MetricPoint[]): number {
  if (points.length < 3) return 0;
  const step = Math.max(1, Math.floor(points.length / 28));
  const n = Math.ceil(points.length / step);
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < points.length; i += step)
    for (let j = i + step; j < points.length; j += step) {
      const dt = points[j]!.t - points[i]!.t;
      if (dt > 0) slopes[count++] = (points[j]!.v - points[i]!.v) / dt;
    }
  return count > 0 ? sortedMedian(slopes.subarray(0, count).sort()) : 0;
}

/** The UTC day of the week (0 Sunday), as Date#getUTCDay, without a Date per point: 1970-01-01 was a Thursday. */
const weekday = (t: number): number => (((Math.floor(t / DAY) + 4) % 7) + 7) % 7;

/**
 * The baseline at time `at` from `history` (points strictly before `at` are used; sorted or not).
 * Null with fewer than `minPoints` points.
 */
export function baselineAt(
  history: readonly MetricPoint[],
  at: number,
  minPoints = 7,
  /** Smallest scale allowed: a metric's meaningful resolution, so a near-constant history is not a hair trigger. */
  minScale = 0,
): Baseline | null {
  const past = history
    .filter((p) => p.t < at && Number.isFinite(p.v) && p.t >= at - WINDOW_DAYS * DAY)
    .sort((a, b) => a.t - b.t);
  if (past.length < minPoints) return null;
  const slope = theilSen(past);
  const detrended = past.map((p) => ({ t: p.t, v: p.v - slope * (p.t - at) }));

  const weeks = (past.at(-1)!.t - past[0]!.t) / (7 * DAY);
  const weekly = weeks >= WEEKLY_MIN_WEEKS;
  const seasonal = new Map<number, number>();
  if (weekly) {
    const overall = median(detrended.map((p) => p.v));
    const byDay: number[][] = Array.from({ length: 7 }, () => []);
    for (const p of detrended) byDay[weekday(p.t)]!.push(p.v - overall);
    byDay.forEach((same, d) => seasonal.set(d, same.length >= 2 ? median(same) : 0));
  }
  const season = (t: number) => seasonal.get(weekday(t)) ?? 0;
  const deseasoned = detrended.map((p) => p.v - season(p.t));
  const levels = trailingMedians(deseasoned, LEVEL_POINTS);
  // The median of the latest LEVEL_POINTS points.
  const level = levels.at(-1)!;
  // The scale of one-step predictions: each point against the level of the points before it (as the judged
  // point is), not of a level that includes the point itself, which shrinks the residuals of a short history.
  const predicted = deseasoned.slice(PREDICTED_FROM).map((v, i) => v - levels[i + PREDICTED_FROM - 1]!);
  const residuals = predicted.length >= PREDICTED_FROM ? predicted : deseasoned.map((v, i) => v - levels[i]!);
  const scale = Math.max(1.4826 * mad(residuals), minScale, 1e-9);
  return { expected: level + season(at), scale, points: past.length, weekly };
}
