/**
 * A causal streaming anomaly detector for one metric: each `update` sees one new point (and its time) and
 * answers an anomaly score in [0, 1] from that point and the past only. It scores every metric history in the
 * validator and is what `npm run bench:nab` measures.
 *
 * Four statistics, each scored against the series' own past by a RecordScorer (rank below the record, more
 * than 0.5 beyond it), the most surprising one kept:
 * - the value above everything remembered, and below it (range novelty);
 * - the error against the expected value, one point, and averaged over a few points (a sustained shift).
 *   The expected value is a robust local level (median of recent points) or, when the series has a daily
 *   rhythm that explains it better, the median of the values at this time of day on the previous days, so a
 *   daily pattern is not an anomaly but its disappearance is. Errors are scaled by their exponentially
 *   weighted typical size, so the detector adapts to a new level after it has reported the shift.
 * A refractory envelope then lets one event yield one rising edge rather than a run of alerts.
 */

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
  rangeWeight: number;
  shiftWeight: number;
  pointWeight: number;
  seasonal: boolean;
  /** The seasonal view judges when its typical error is below this share of the local level's. */
  seasonalPreference: number;
}

export const DEFAULT_DETECTOR_OPTIONS: StreamingDetectorOptions = {
  levelWindow: 12,
  shortWindow: 6,
  longHorizon: 1500,
  warmup: 60,
  envelopeDecay: 0.995,
  rangeMemory: 100_000,
  errorMemory: 3000,
  rangeWeight: 1,
  // Error records count slightly less than range records: a value beyond anything seen is the surer sign.
  shiftWeight: 0.95,
  pointWeight: 0.95,
  seasonal: true,
  seasonalPreference: 1,
};

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

function lowerBound(s: readonly number[], x: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const DAY_MS = 86_400_000;

export class StreamingDetector {
  private readonly recent: number[] = [];
  private readonly errors: number[] = [];
  private readonly errorScale: RunningMoments;
  private readonly levelFit: RunningMoments;
  private readonly seasonalFit: RunningMoments;
  private readonly high: RecordScorer;
  private readonly low: RecordScorer;
  private readonly shift: RecordScorer;
  private readonly point: RecordScorer;
  private seen = 0;
  private envelope = 0;
  private raw = 0;
  /** The last week of values, for the seasonal view. */
  private readonly history: { t: number; v: number }[] = [];

  constructor(private readonly options: StreamingDetectorOptions = DEFAULT_DETECTOR_OPTIONS) {
    this.errorScale = new RunningMoments(options.longHorizon);
    this.levelFit = new RunningMoments(options.longHorizon);
    this.seasonalFit = new RunningMoments(options.longHorizon);
    this.high = new RecordScorer(options.rangeMemory, options.warmup);
    this.low = new RecordScorer(options.rangeMemory, options.warmup);
    this.shift = new RecordScorer(options.errorMemory, options.warmup);
    this.point = new RecordScorer(options.errorMemory, options.warmup);
  }

  /** The anomaly score of the new point, in [0, 1]. */
  update(value: number, timestamp: number): number {
    const o = this.options;
    if (!Number.isFinite(value)) return 0;
    const level = this.recent.length > 0 ? median(this.recent) : value;
    const levelError = Math.abs(value - level);
    const seasonal = o.seasonal ? this.seasonalExpectation(timestamp) : null;
    const seasonalError = seasonal === null ? null : Math.abs(value - seasonal);
    if (seasonalError !== null) this.seasonalFit.add(seasonalError);
    this.levelFit.add(levelError);
    // The predictor that has explained this series better so far (a daily rhythm, or a local level) judges it.
    const error =
      seasonalError !== null &&
      this.seasonalFit.n > o.warmup &&
      this.seasonalFit.mean < this.levelFit.mean * o.seasonalPreference
        ? seasonalError
        : levelError;

    const scale = this.errorScale.mean > 0 ? this.errorScale.mean : Math.abs(value) * 1e-3 + 1e-9;
    const z = error / scale;
    this.errors.push(z);
    if (this.errors.length > o.shortWindow) this.errors.shift();
    const shortMean = this.errors.reduce((a, b) => a + b, 0) / this.errors.length;

    const score = Math.max(
      this.high.score(value) * o.rangeWeight,
      this.low.score(-value) * o.rangeWeight,
      this.shift.score(shortMean) * o.shiftWeight,
      this.point.score(z) * o.pointWeight,
    );

    this.errorScale.add(error);
    this.high.add(value);
    this.low.add(-value);
    this.shift.add(shortMean);
    this.point.add(z);
    this.recent.push(value);
    if (this.recent.length > o.levelWindow) this.recent.shift();
    if (o.seasonal) {
      this.history.push({ t: timestamp, v: value });
      while (this.history[0]!.t < timestamp - 7.5 * DAY_MS) this.history.shift();
    }
    this.seen++;

    this.raw = score;
    // Refractory envelope: report only what rises above recent reports.
    const out = score > this.envelope ? score : 0;
    this.envelope = Math.max(score, this.envelope * o.envelopeDecay);
    return out;
  }

  /** The last point's score before the refractory envelope: how unusual it is, reported or not. */
  get lastRawScore(): number {
    return this.raw;
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
