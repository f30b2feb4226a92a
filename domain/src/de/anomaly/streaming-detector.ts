/**
 * A causal streaming anomaly detector for one metric: each `update` sees one new point (and its time) and
 * answers an anomaly score in [0, 1] from that point and the past only. It scores every metric history in the
 * validator and is what `npm run bench:nab` measures.
 *
 * Several cheap statistics, each scored against the series' own past by a RecordScorer (rank below the
 * record, more than 0.5 beyond it), the most surprising one kept (a statistic's weight below 1 asks it to go
 * further past its record before it counts):
 * - the value above everything remembered, and below it (range novelty);
 * - the mean of the last few points above every earlier such mean (a sustained rise that no single point
 *   shows: a level shift inside the range, a slow ramp);
 * - the error against the expected value, one point, and averaged over a few points (a sustained shift; off by
 *   default).
 *   The expected value is a robust local level (median of recent points) or, when the series has a daily
 *   rhythm that explains it better, the median of the values at this time of day on the previous days, or at
 *   this time of week on the previous three weeks, so a daily or weekly pattern is not an anomaly but its
 *   disappearance is. Errors are scaled by their exponentially weighted typical size, so the detector adapts
 *   to a new level after it has reported the shift.
 * - the shortfall: the signed error averaged over the last few points, below every earlier such average (a
 *   day that stays under its usual rhythm, a holiday, an outage that does not reach zero);
 * - the anomaly likelihood (Numenta): the average of the last few error scores against their long-run
 *   mean and spread, through the Gaussian tail on Numenta's log scale, for a sustained rise in error; once
 *   for the chosen expectation's error and once for the local level's alone;
 * - window novelty: the shape of the last few (block-averaged) points, on the scale of the range seen so
 *   far, against every earlier window: a distance to the nearest one beyond every earlier distance is a
 *   pattern never seen before (a burst, a change of rhythm), even when every value is inside the range;
 *   at two scales (blocks of 4 and of 2 points);
 * - volatility: the mean absolute step over the last 48 and the last 192 points, above every earlier one (an
 *   erratic burst) or below (a series gone still, a stuck sensor).
 * A refractory envelope then lets one event yield one rising edge rather than a run of alerts, and a report
 * (a score beyond the record line, 0.5) silences the next `refractory` points.
 */

import { lowerBound } from './sorted.js';

export interface StreamingDetectorOptions {
  /** Points the local level is the median of. */
  levelWindow: number;
  /** Points the error is averaged over before it is judged. */
  shortWindow: number;
  /** Horizon (points) of the long-run error distribution. */
  longHorizon: number;
  /** Points seen before any score is given. */
  warmup: number;
  /** Per-point decay of the refractory envelope. */
  envelopeDecay: number;
  /** Points the value range and the error records are remembered over. */
  rangeMemory: number;
  errorMemory: number;
  /** Weights of a value above everything remembered, and below it. */
  highWeight: number;
  lowWeight: number;
  shiftWeight: number;
  pointWeight: number;
  seasonal: boolean;
  /** Weight of the prediction-error likelihood (0 leaves it out). */
  likelihoodWeight: number;
  /** Raw scores the likelihood's long-run distribution is estimated over, and the short average judged. */
  likelihoodLong: number;
  likelihoodShort: number;
  /** Points after a report (a score beyond the record line) during which nothing is reported. */
  refractory: number;
  /** The seasonal view judges when its typical error is below this share of the local level's. */
  seasonalPreference: number;
  /** Points the sustained-rise mean is taken over, and its weight (0 leaves it out). */
  meanWindow: number;
  meanWeight: number;
  /** Weight of the likelihood of the local level's error alone (0 leaves it out). */
  levelLikelihoodWeight: number;
  /** Window novelty: points averaged into one block, blocks per window, and its weight (0 leaves it out). */
  noveltyBlock: number;
  noveltyWindow: number;
  noveltyWeight: number;
  /** Also expect the median of this time of week over the last three weeks (when it fits better). */
  weekly: boolean;
  /** Shortfall: points the signed error is averaged over, and its weight (0 leaves it out). */
  shortfallWindow: number;
  shortfallWeight: number;
  /** Volatility: points the absolute step is averaged over, and the weights of its high and low records. */
  volatilityWindow: number;
  volatilityHighWeight: number;
  volatilityLowWeight: number;
  /** The same over a longer window. */
  longVolatilityWindow: number;
  longVolatilityHighWeight: number;
  longVolatilityLowWeight: number;
  /** Fine window novelty: points per block (windows of `noveltyWindow` blocks), and its weight (0 leaves it out). */
  fineNoveltyBlock: number;
  fineNoveltyWeight: number;
}

export const DEFAULT_DETECTOR_OPTIONS: StreamingDetectorOptions = {
  levelWindow: 12,
  shortWindow: 6,
  longHorizon: 1500,
  warmup: 60,
  envelopeDecay: 0.997,
  // Records are kept over the last 10,000 points: long enough that daily and weekly extremes are not news,
  // short enough that a regime months old does not mask a new one.
  rangeMemory: 10_000,
  errorMemory: 10_000,
  // A new high must clear its record by a little more than a new low (highs are where bursty series live).
  highWeight: 0.95,
  lowWeight: 1,
  // Error records: the short average's costs more false alarms than it finds windows once the shortfall
  // channel is there (left out); the one point's keeps a spike inside a seasonal series' range reported.
  shiftWeight: 0,
  pointWeight: 0.6,
  seasonal: true,
  seasonalPreference: 1,
  // Numenta's anomaly likelihood catches a sustained rise in prediction error that no single record shows.
  likelihoodWeight: 1,
  likelihoodLong: 2000,
  likelihoodShort: 10,
  // NAB (like an on-call engineer) counts the first alert of an event; repeats within 25 points are noise.
  refractory: 25,
  // A level shift (mean), its likelihood, and novelty (a shape the series has not shown) catch changes that
  // no single point's record does.
  meanWindow: 20,
  meanWeight: 0.95,
  levelLikelihoodWeight: 1,
  noveltyBlock: 4,
  noveltyWindow: 8,
  noveltyWeight: 0.95,
  // A weekly expectation (the same time of week over the last three weeks) where it explains a series better
  // than the daily one. The shortfall below it catches a day that stays under its usual rhythm (a holiday, an
  // outage that does not reach zero); the error records are weighed down (above) to make room for it.
  weekly: true,
  shortfallWindow: 24,
  shortfallWeight: 0.88,
  // Volatility (a burst of erratic steps, or a series gone still) over 48 and 192 points, and the shape of the
  // last 16 points besides the last 32: changes in how a series moves rather than where it is.
  volatilityWindow: 48,
  volatilityHighWeight: 0.85,
  volatilityLowWeight: 0.9,
  longVolatilityWindow: 192,
  longVolatilityHighWeight: 0.85,
  longVolatilityLowWeight: 0.85,
  fineNoveltyBlock: 2,
  fineNoveltyWeight: 0.9,
};

/** The mean of the last `n` values pushed, once `n` have been pushed. */
class RollingMean {
  private readonly buf: number[] = [];
  private sum = 0;
  constructor(private readonly n: number) {}
  push(x: number): number | null {
    this.buf.push(x);
    this.sum += x;
    if (this.buf.length > this.n) this.sum -= this.buf.shift()!;
    return this.buf.length === this.n ? this.sum / this.n : null;
  }
}

class RunningMoments {
  mean = 0;
  variance = 0;
  n = 0;
  constructor(private readonly horizon: number) {}
  add(x: number): void {
    this.n++;
    const a = Math.max(1 / this.n, 1 / this.horizon);
    const d = x - this.mean;
    this.mean += a * d;
    this.variance = (1 - a) * (this.variance + a * d * d);
  }
  get std(): number {
    return Math.sqrt(this.variance);
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * How far a statistic goes beyond what it has been: below its recent record, its rank (at most 0.5); above,
 * 0.5 plus how far past the record, relative to the record's distance from the median. Calibrated by the
 * series' own past, so one threshold means the same on every series.
 */
export class RecordScorer {
  private readonly sorted: number[] = [];
  private readonly order: number[] = [];
  constructor(
    private readonly memory: number,
    private readonly minCount: number,
  ) {}

  score(x: number): number {
    const s = this.sorted;
    const n = s.length;
    if (n < this.minCount) return 0;
    const max = s[n - 1]!;
    const med = s[n >> 1]!;
    if (x > max) {
      const spread = max - med;
      const beyond = spread > 0 ? (x - max) / spread : x > max ? 1 : 0;
      return 0.5 + 0.5 * (1 - Math.exp(-beyond));
    }
    return 0.5 * (lowerBound(s, x) / n);
  }

  add(x: number): void {
    this.sorted.splice(lowerBound(this.sorted, x), 0, x);
    this.order.push(x);
    if (this.order.length > this.memory) {
      const old = this.order.shift()!;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    }
  }
}

const DAY_MS = 86_400_000;

/** P(Z > x) for a standard normal Z (Abramowitz–Stegun 7.1.26 via erfc). */
function gaussianTail(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x / Math.SQRT2));
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = y * Math.exp(-((x * x) / 2));
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * Numenta's anomaly likelihood of a stream of errors: each error becomes a raw score in [0, 1), and the average
 * of the last `short` raw scores is judged against the mean and spread of the last `long` ones, through the
 * Gaussian tail on Numenta's log scale (0.5 at a tail of 1e-5, 1 at 1e-10).
 */
export class AnomalyLikelihood {
  private readonly raws: number[] = [];
  private readonly shortRaw: number[] = [];
  private sum = 0;
  private sq = 0;
  constructor(
    private readonly long: number,
    private readonly short: number,
    private readonly minCount: number,
  ) {}

  /** The likelihood of the new error `z` (in units of the typical error), then remembers it. */
  update(z: number): number {
    const raw = 1 - Math.exp(-z / 3);
    this.shortRaw.push(raw);
    if (this.shortRaw.length > this.short) this.shortRaw.shift();
    const n = this.raws.length;
    let out = 0;
    if (n >= this.minCount) {
      const mean = this.sum / n;
      const sd = Math.sqrt(Math.max(this.sq / n - mean * mean, 1e-6));
      const recent = this.shortRaw.reduce((a, b) => a + b, 0) / this.shortRaw.length;
      const tail = gaussianTail((recent - mean) / sd);
      out = Math.min(1, Math.log(1.0000000001 - (1 - tail)) / -23.02585084720009);
    }
    this.raws.push(raw);
    this.sum += raw;
    this.sq += raw * raw;
    if (this.raws.length > this.long) {
      const old = this.raws.shift()!;
      this.sum -= old;
      this.sq -= old * old;
    }
    return out;
  }
}

/**
 * How new the recent shape of a series is: the last `window` block averages (of `block` points each), on the
 * scale of the range seen so far, against every earlier window that does not overlap it; the root-mean-square
 * distance to the nearest one is record-scored. Scores only when a block completes (0 in between).
 */
export class WindowNovelty {
  private readonly blocks: number[] = [];
  /** Earlier windows, `window` values each, in a ring of up to `memory` slots (grown as needed). */
  private stored: Float64Array;
  private capacity: number;
  private storedCount = 0;
  private next = 0;
  private readonly features: Float64Array;
  private readonly records: RecordScorer;
  private acc = 0;
  private count = 0;
  private min = Infinity;
  private max = -Infinity;
  constructor(
    private readonly block: number,
    private readonly window: number,
    /** Windows remembered (and distances record-scored against). */
    private readonly memory: number,
    minCount: number,
  ) {
    // A short history (the validator's) never needs the whole ring.
    this.capacity = Math.min(memory, 64);
    this.stored = new Float64Array(this.capacity * window);
    this.features = new Float64Array(window);
    this.records = new RecordScorer(memory, minCount);
  }

  update(value: number): number {
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.acc += value;
    this.count++;
    if (this.count < this.block) return 0;
    this.blocks.push(this.acc / this.count);
    this.acc = 0;
    this.count = 0;
    if (this.blocks.length > this.window) this.blocks.shift();
    if (this.blocks.length < this.window) return 0;
    const range = this.max - this.min || 1;
    const w = this.window;
    const f = this.features;
    for (let j = 0; j < w; j++) f[j] = (this.blocks[j]! - this.min) / range;
    // The last `window` stored windows overlap this one and would match it trivially.
    const candidates = this.storedCount - w;
    const s = this.stored;
    let best = Infinity;
    for (let k = 0; k < candidates; k++) {
      // Newest first: the nearest window is usually recent, and a small `best` cuts the rest short.
      const slot = (this.next - w - 1 - k + 2 * this.capacity) % this.capacity;
      const base = slot * w;
      let d = 0;
      for (let j = 0; j < w && d < best; j++) {
        const e = s[base + j]! - f[j]!;
        d += e * e;
      }
      if (d < best) best = d;
    }
    let score = 0;
    if (candidates > 0) {
      const distance = Math.sqrt(best / w);
      score = this.records.score(distance);
      this.records.add(distance);
    }
    if (this.storedCount === this.capacity && this.capacity < this.memory) {
      // Full but allowed to grow: the ring has not wrapped yet, so the windows are in order from slot 0.
      this.capacity = Math.min(this.memory, this.capacity * 2);
      const grown = new Float64Array(this.capacity * w);
      grown.set(this.stored);
      this.stored = grown;
      this.next = this.storedCount;
    }
    this.stored.set(f, this.next * w);
    this.next = (this.next + 1) % this.capacity;
    this.storedCount = Math.min(this.storedCount + 1, this.capacity);
    return score;
  }
}

export class StreamingDetector {
  private readonly recent: number[] = [];
  private readonly errors: number[] = [];
  private readonly errorScale: RunningMoments;
  private readonly levelFit: RunningMoments;
  private readonly seasonalFit: RunningMoments;
  private readonly weeklyFit: RunningMoments;
  private readonly shortfallMean: RollingMean;
  private readonly shortfall: RecordScorer;
  private readonly high: RecordScorer;
  private readonly low: RecordScorer;
  private readonly shift: RecordScorer;
  private readonly point: RecordScorer;
  private readonly meanHigh: RecordScorer;
  private readonly meanPoints: number[] = [];
  private meanSum = 0;
  private readonly errorLikelihood: AnomalyLikelihood;
  private readonly levelLikelihood: AnomalyLikelihood;
  private readonly novelty: WindowNovelty;
  private readonly fineNovelty: WindowNovelty;
  private readonly volatilityMean: RollingMean;
  private readonly volatilityHigh: RecordScorer;
  private readonly volatilityLow: RecordScorer;
  private readonly longVolatilityMean: RollingMean;
  private readonly longVolatilityHigh: RecordScorer;
  private readonly longVolatilityLow: RecordScorer;
  private previous: number | null = null;
  private envelope = 0;
  private raw = 0;
  private sinceReport = Infinity;
  /** The last three weeks of values, for the seasonal views. */
  private readonly history: { t: number; v: number }[] = [];

  constructor(private readonly options: StreamingDetectorOptions = DEFAULT_DETECTOR_OPTIONS) {
    this.errorScale = new RunningMoments(options.longHorizon);
    this.levelFit = new RunningMoments(options.longHorizon);
    this.seasonalFit = new RunningMoments(options.longHorizon);
    this.weeklyFit = new RunningMoments(options.longHorizon);
    this.shortfallMean = new RollingMean(Math.max(1, options.shortfallWindow));
    this.shortfall = new RecordScorer(options.errorMemory, options.warmup);
    this.high = new RecordScorer(options.rangeMemory, options.warmup);
    this.low = new RecordScorer(options.rangeMemory, options.warmup);
    this.shift = new RecordScorer(options.errorMemory, options.warmup);
    this.point = new RecordScorer(options.errorMemory, options.warmup);
    this.meanHigh = new RecordScorer(options.rangeMemory, options.warmup);
    this.errorLikelihood = new AnomalyLikelihood(
      options.likelihoodLong,
      options.likelihoodShort,
      options.warmup,
    );
    this.levelLikelihood = new AnomalyLikelihood(
      options.likelihoodLong,
      options.likelihoodShort,
      options.warmup,
    );
    this.novelty = new WindowNovelty(
      options.noveltyBlock,
      options.noveltyWindow,
      Math.max(1, Math.round(options.rangeMemory / options.noveltyBlock)),
      options.warmup,
    );
    // As many windows remembered as the coarse view (2,500 by default: 5,000 points).
    this.fineNovelty = new WindowNovelty(
      options.fineNoveltyBlock,
      options.noveltyWindow,
      Math.max(1, Math.round(options.rangeMemory / options.noveltyBlock)),
      options.warmup,
    );
    this.volatilityMean = new RollingMean(Math.max(1, options.volatilityWindow));
    this.volatilityHigh = new RecordScorer(options.rangeMemory, options.warmup);
    this.volatilityLow = new RecordScorer(options.rangeMemory, options.warmup);
    this.longVolatilityMean = new RollingMean(Math.max(1, options.longVolatilityWindow));
    this.longVolatilityHigh = new RecordScorer(options.rangeMemory, options.warmup);
    this.longVolatilityLow = new RecordScorer(options.rangeMemory, options.warmup);
  }

  /** The anomaly score of the new point, in [0, 1]. */
  update(value: number, timestamp: number): number {
    const o = this.options;
    if (!Number.isFinite(value)) return 0;
    const level = this.recent.length > 0 ? median(this.recent) : value;
    const levelError = Math.abs(value - level);
    // The local level's error in units of its typical size so far (before this point counts).
    const levelZ = levelError / (this.levelFit.mean > 0 ? this.levelFit.mean : Math.abs(value) * 1e-3 + 1e-9);
    // Errors are judged (and remembered as the bar later errors must clear) only once their typical size has
    // been learned from `warmup` points: an error scaled by a scale of two points is not a record to keep.
    const mature = this.errorScale.n >= o.warmup;
    const seasonal = o.seasonal ? this.seasonalExpectation(timestamp) : null;
    const seasonalError = seasonal === null ? null : Math.abs(value - seasonal);
    if (seasonalError !== null) this.seasonalFit.add(seasonalError);
    this.levelFit.add(levelError);
    const weekly = o.seasonal && o.weekly ? this.weeklyExpectation(timestamp) : null;
    const weeklyError = weekly === null ? null : Math.abs(value - weekly);
    if (weeklyError !== null) this.weeklyFit.add(weeklyError);
    // The predictor that has explained this series best so far (a weekly or daily rhythm, or a local level)
    // judges it.
    let expected = level;
    let error = levelError;
    let fit = this.levelFit.mean;
    if (
      seasonalError !== null &&
      this.seasonalFit.n > o.warmup &&
      this.seasonalFit.mean < fit * o.seasonalPreference
    ) {
      expected = seasonal!;
      error = seasonalError;
      fit = this.seasonalFit.mean;
    }
    if (
      weeklyError !== null &&
      this.weeklyFit.n > o.warmup &&
      this.weeklyFit.mean < fit * o.seasonalPreference
    ) {
      expected = weekly!;
      error = weeklyError;
    }

    const scale = this.errorScale.mean > 0 ? this.errorScale.mean : Math.abs(value) * 1e-3 + 1e-9;
    const z = error / scale;
    // The signed error averaged over the last few points: how far the series has stayed under its expectation.
    const shortfall = o.shortfallWeight > 0 ? this.shortfallMean.push((value - expected) / scale) : null;
    this.errors.push(z);
    if (this.errors.length > o.shortWindow) this.errors.shift();
    const shortMean = this.errors.reduce((a, b) => a + b, 0) / this.errors.length;

    this.meanPoints.push(value);
    this.meanSum += value;
    if (this.meanPoints.length > o.meanWindow) this.meanSum -= this.meanPoints.shift()!;
    const recentMean = this.meanSum / this.meanPoints.length;

    const likelihood = mature && o.likelihoodWeight > 0 ? this.errorLikelihood.update(z) : 0;
    const levelLikelihood = mature && o.levelLikelihoodWeight > 0 ? this.levelLikelihood.update(levelZ) : 0;
    const novelty = o.noveltyWeight > 0 ? this.novelty.update(value) : 0;
    const fineNovelty = o.fineNoveltyWeight > 0 ? this.fineNovelty.update(value) : 0;
    const step = this.previous === null ? null : Math.abs(value - this.previous);
    const volatility = step === null ? null : this.volatilityMean.push(step);
    const longVolatility = step === null ? null : this.longVolatilityMean.push(step);
    this.previous = value;
    const score = Math.max(
      this.high.score(value) * o.highWeight,
      this.low.score(-value) * o.lowWeight,
      mature ? this.shift.score(shortMean) * o.shiftWeight : 0,
      mature ? this.point.score(z) * o.pointWeight : 0,
      likelihood * o.likelihoodWeight,
      this.meanHigh.score(recentMean) * o.meanWeight,
      levelLikelihood * o.levelLikelihoodWeight,
      novelty * o.noveltyWeight,
      mature && shortfall !== null ? this.shortfall.score(-shortfall) * o.shortfallWeight : 0,
      volatility !== null ? this.volatilityHigh.score(volatility) * o.volatilityHighWeight : 0,
      volatility !== null ? this.volatilityLow.score(-volatility) * o.volatilityLowWeight : 0,
      longVolatility !== null
        ? this.longVolatilityHigh.score(longVolatility) * o.longVolatilityHighWeight
        : 0,
      longVolatility !== null ? this.longVolatilityLow.score(-longVolatility) * o.longVolatilityLowWeight : 0,
      fineNovelty * o.fineNoveltyWeight,
    );
    if (volatility !== null) {
      this.volatilityHigh.add(volatility);
      this.volatilityLow.add(-volatility);
    }
    if (longVolatility !== null) {
      this.longVolatilityHigh.add(longVolatility);
      this.longVolatilityLow.add(-longVolatility);
    }

    this.errorScale.add(error);
    this.high.add(value);
    this.low.add(-value);
    if (mature) {
      this.shift.add(shortMean);
      this.point.add(z);
      if (shortfall !== null) this.shortfall.add(-shortfall);
    }
    this.meanHigh.add(recentMean);
    this.recent.push(value);
    if (this.recent.length > o.levelWindow) this.recent.shift();
    if (o.seasonal) {
      this.history.push({ t: timestamp, v: value });
      while (this.history[0]!.t < timestamp - (o.weekly ? 21.5 : 7.5) * DAY_MS) this.history.shift();
    }

    this.raw = score;
    // Refractory envelope: report only what rises above recent reports.
    let out = score > this.envelope ? score : 0;
    this.envelope = Math.max(score, this.envelope * o.envelopeDecay);
    this.sinceReport++;
    if (o.refractory > 0) {
      if (this.sinceReport <= o.refractory) out = 0;
      else if (out > 0.5) this.sinceReport = 0;
    }
    return out;
  }

  /** The last point's score before the refractory envelope: how unusual it is, reported or not. */
  get lastRawScore(): number {
    return this.raw;
  }

  /** The median of the values at this time of week on the last three weeks (from a week's history on). */
  private weeklyExpectation(timestamp: number): number | null {
    if (this.history.length < 2 || this.history[0]!.t > timestamp - 7.5 * DAY_MS) return null;
    const vals: number[] = [];
    for (let w = 1; w <= 3; w++) {
      const v = this.nearest(timestamp - 7 * w * DAY_MS);
      if (v !== null) vals.push(v);
    }
    return vals.length >= 1 ? median(vals) : null;
  }

  private seasonalExpectation(timestamp: number): number | null {
    if (this.history.length < 2 || this.history[0]!.t > timestamp - DAY_MS * 1.5) return null;
    const vals: number[] = [];
    for (let d = 1; d <= 7; d++) {
      const target = timestamp - d * DAY_MS;
      const v = this.nearest(target);
      if (v !== null) vals.push(v);
    }
    return vals.length >= 1 ? median(vals) : null;
  }

  private nearest(target: number): number | null {
    const h = this.history;
    let lo = 0;
    let hi = h.length - 1;
    if (target < h[0]!.t || target > h[hi]!.t) return null;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h[mid]!.t < target) lo = mid + 1;
      else hi = mid;
    }
    const gap = Math.abs(h[lo]!.t - target);
    return gap <= 30 * 60_000 ? h[lo]!.v : null;
  }
}
