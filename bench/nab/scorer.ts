import type { CostMatrix } from './corpus.js';

/**
 * NAB scoring, as NAB 1.1's sweeper defines it. Each row after the probationary period gets a weight: inside
 * an anomaly window, the scaled sigmoid of its position (earlier detections are worth more, the window's first
 * row 1 × A_TP); outside, a false positive costs A_FP × the scaled sigmoid of its distance past the preceding
 * window (−A_FP before any window). A window scores its best (earliest) detection, or −A_FN when missed.
 * A threshold is swept over every distinct anomaly score; one threshold serves the whole corpus.
 */

export const PROBATION_PERCENT = 0.15;

/** −1 at 3 or more window widths past a window, 0 at its right edge, 2σ(5)−1 ≈ 0.987 at its left edge. */
export function scaledSigmoid(position: number): number {
  if (position >= 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

/** Rows NAB ignores at the start of a series while a detector learns. */
export function probationLength(rows: number): number {
  return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
}

export interface ScoredRow {
  anomalyScore: number;
  /** The row's weighted contribution if it is a detection. */
  weight: number;
  /** Index of the window it lies in (corpus-unique), or -1 outside windows. */
  window: number;
}

export interface SeriesInput {
  timestamps: readonly number[];
  scores: readonly number[];
  windows: readonly (readonly [number, number])[];
}

/** Weighted rows of one series (probationary rows left out); window ids start at `firstWindowId`. */
export function weighRows(series: SeriesInput, cost: CostMatrix, firstWindowId = 0): ScoredRow[] {
  const { timestamps, scores } = series;
  if (timestamps.length !== scores.length)
    throw new Error(`timestamps (${timestamps.length}) and scores (${scores.length}) differ in length`);
  const maxTp = scaledSigmoid(-1);
  const probation = probationLength(timestamps.length);
  // Window bounds as row indices: from the first row at or after the start to the last row at or before the end.
  const bounds = series.windows.map(([start, end]) => {
    let lo = timestamps.findIndex((t) => t >= start);
    if (lo < 0) lo = timestamps.length;
    let hi = lo;
    while (hi + 1 < timestamps.length && timestamps[hi + 1]! <= end) hi++;
    return { lo, hi };
  });
  const rows: ScoredRow[] = [];
  let w = 0;
  let prev: { hi: number; width: number } | null = null;
  for (let i = 0; i < timestamps.length; i++) {
    while (w < bounds.length && bounds[w]!.hi < i) {
      prev = { hi: bounds[w]!.hi, width: bounds[w]!.hi - bounds[w]!.lo + 1 };
      w++;
    }
    const b = bounds[w];
    const inside = b !== undefined && i >= b.lo && i <= b.hi;
    let weight: number;
    if (inside) {
      const width = b.hi - b.lo + 1;
      weight = (scaledSigmoid(-(b.hi - i + 1) / width) * cost.tpWeight) / maxTp;
    } else {
      const position = prev === null ? 3 : Math.abs(prev.hi - i) / (prev.width - 1);
      weight = scaledSigmoid(position) * cost.fpWeight;
    }
    if (i < probation) continue;
    rows.push({ anomalyScore: scores[i]!, weight, window: inside ? firstWindowId + w : -1 });
  }
  return rows;
}

export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  fp: number;
}

/**
 * The raw score at every distinct threshold: detections are the rows scoring at or above it. Windows
 * (`windowCount` of them) start as misses; a window's first detection replaces −A_FN with its best weight.
 */
export function sweep(rows: readonly ScoredRow[], windowCount: number, cost: CostMatrix): ThresholdScore[] {
  const sorted = [...rows].sort((a, b) => b.anomalyScore - a.anomalyScore);
  const best = new Float64Array(windowCount).fill(-cost.fnWeight);
  let windowSum = -cost.fnWeight * windowCount;
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  const out: ThresholdScore[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    if (r.window < 0) {
      fpSum += r.weight;
      fp++;
    } else {
      tp++;
      if (r.weight > best[r.window]!) {
        windowSum += r.weight - best[r.window]!;
        best[r.window] = r.weight;
      }
    }
    const next = sorted[i + 1];
    if (next === undefined || next.anomalyScore !== r.anomalyScore)
      out.push({ threshold: r.anomalyScore, score: windowSum + fpSum, tp, fp });
  }
  return out;
}

export interface CorpusSeries extends SeriesInput {
  key: string;
}

export interface ProfileResult {
  threshold: number;
  rawScore: number;
  /** 100 × (raw − null) / (perfect − null): the null detector scores 0, a perfect one 100. */
  normalizedScore: number;
  tp: number;
  fp: number;
  /** Raw score of each series at the corpus threshold. */
  perSeries: { key: string; score: number }[];
}

/** Scores a detector over the corpus for one profile with the best single corpus-wide threshold. */
export function scoreCorpus(corpus: readonly CorpusSeries[], cost: CostMatrix): ProfileResult {
  const all: ScoredRow[] = [];
  const perSeriesRows: { key: string; rows: ScoredRow[]; first: number; count: number }[] = [];
  let windowCount = 0;
  for (const s of corpus) {
    const rows = weighRows(s, cost, windowCount);
    perSeriesRows.push({ key: s.key, rows, first: windowCount, count: s.windows.length });
    windowCount += s.windows.length;
    for (const r of rows) all.push(r);
  }
  const nullScore = -cost.fnWeight * windowCount;
  const perfectScore = cost.tpWeight * windowCount;
  // No detections at all is a threshold too (above every score).
  let best: ThresholdScore = { threshold: Infinity, score: nullScore, tp: 0, fp: 0 };
  for (const t of sweep(all, windowCount, cost)) if (t.score > best.score) best = t;
  const perSeries = perSeriesRows.map(({ key, rows, first, count }) => ({
    key,
    score: scoreAt(
      rows.map((r) => ({ ...r, window: r.window < 0 ? -1 : r.window - first })),
      count,
      cost,
      best.threshold,
    ),
  }));
  return {
    threshold: best.threshold,
    rawScore: best.score,
    normalizedScore: (100 * (best.score - nullScore)) / (perfectScore - nullScore),
    tp: best.tp,
    fp: best.fp,
    perSeries,
  };
}

/** Raw score of rows with detections at scores ≥ threshold. */
export function scoreAt(
  rows: readonly ScoredRow[],
  windowCount: number,
  cost: CostMatrix,
  threshold: number,
): number {
  const best = new Float64Array(windowCount).fill(-cost.fnWeight);
  let fpSum = 0;
  for (const r of rows) {
    if (r.anomalyScore < threshold) continue;
    if (r.window < 0) fpSum += r.weight;
    else best[r.window] = Math.max(best[r.window]!, r.weight);
  }
  return best.reduce((a, b) => a + b, 0) + fpSum;
}
