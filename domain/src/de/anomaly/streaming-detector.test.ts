import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/prng.js';
import {
  AnomalyLikelihood,
  DEFAULT_DETECTOR_OPTIONS,
  RecordScorer,
  StreamingDetector,
  WindowNovelty,
} from './streaming-detector.js';

const FIVE_MIN = 300_000;
const T0 = Date.UTC(2024, 0, 1);

/** Gaussian noise from a seeded uniform stream (Box–Muller). */
function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Ten days of 5-minute points: a daily sine around 100 with amplitude 30, plus noise of sd 2. */
function dailySeries(seed = 1, days = 10): { t: number[]; v: number[] } {
  const noise = gaussian(mulberry32(seed));
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < days * 288; i++) {
    t.push(T0 + i * FIVE_MIN);
    v.push(100 + 30 * Math.sin((2 * Math.PI * i) / 288) + 2 * noise());
  }
  return { t, v };
}

function run(values: readonly number[], times: readonly number[], detector = new StreamingDetector()) {
  return values.map((v, i) => detector.update(v, times[i]!));
}

describe('StreamingDetector', () => {
  it('scores a spike in a seasonal series above every ordinary point', () => {
    const { t, v } = dailySeries();
    // At the daily trough (about 70): +25 stays well inside the daily range (70..130), far from this time of
    // day's usual value.
    const spike = 8 * 288 + 216;
    v[spike] = v[spike]! + 25;
    const scores = run(v, t);
    const others = scores.filter((_, i) => i >= 3 * 288 && Math.abs(i - spike) > 12);
    expect(scores[spike]).toBeGreaterThan(0.5);
    expect(scores[spike]).toBeGreaterThan(Math.max(...others));
  });

  it('reports a daily peak that fails to come, which no value-range or local-level view can see', () => {
    const { t, v } = dailySeries(11);
    // Day 8 stays flat at the daily mean: every value is ordinary, and it drifts nowhere.
    for (let i = 8 * 288; i < 9 * 288; i++)
      v[i] = 100 + (v[i]! - (100 + 30 * Math.sin((2 * Math.PI * i) / 288)));
    const day8 = (scores: number[]) => Math.max(...scores.slice(8 * 288, 9 * 288));
    expect(day8(run(v, t))).toBeGreaterThan(0.5);
    const blind = new StreamingDetector({ ...DEFAULT_DETECTOR_OPTIONS, seasonal: false });
    expect(day8(run(v, t, blind))).toBeLessThanOrEqual(0.5);
  });

  it('does not report the daily rhythm itself once it has seen it', () => {
    const { t, v } = dailySeries(2);
    const scores = run(v, t);
    const reports = scores.filter((s, i) => i >= 3 * 288 && s > 0.5).length;
    expect(reports).toBeLessThanOrEqual(2);
  });

  it('reports a weekday that behaves like a weekend (a holiday), but not the weekly rhythm itself', () => {
    // Five weeks of half-hourly points from a Monday: weekdays peak at midday around 100, weekends stay near 40.
    const noise = gaussian(mulberry32(12));
    const HALF_HOUR = 1_800_000;
    const monday = Date.UTC(2024, 0, 1);
    const weekly = (holiday: number | null) => {
      const t: number[] = [];
      const v: number[] = [];
      for (let i = 0; i < 35 * 48; i++) {
        const day = Math.floor(i / 48);
        const weekend = day % 7 >= 5 || day === holiday;
        const daily = Math.sin((Math.PI * (i % 48)) / 48);
        t.push(monday + i * HALF_HOUR);
        v.push((weekend ? 40 + 10 * daily : 40 + 60 * daily) + 2 * noise());
      }
      return { t, v };
    };
    // Wednesday of the fifth week.
    const holiday = 30;
    const onHoliday = (scores: number[]) => Math.max(...scores.slice(holiday * 48, (holiday + 1) * 48));
    const h = weekly(holiday);
    expect(onHoliday(run(h.v, h.t))).toBeGreaterThan(0.5);
    const clean = weekly(null);
    const scores = run(clean.v, clean.t);
    // Two weeks of a clean weekly rhythm: a chance record or two at most, not a stream.
    expect(scores.filter((s, i) => i >= 21 * 48 && s > 0.5).length).toBeLessThanOrEqual(2);
  });

  it('reports a series gone still inside its usual range (a stuck sensor), which only its volatility shows', () => {
    const noise = gaussian(mulberry32(13));
    const t = Array.from({ length: 3000 }, (_, i) => T0 + i * FIVE_MIN);
    // Noise of sd 5 around 50, then 100 points stuck at 50.3.
    const v = t.map((_, i) => (i >= 2800 && i < 2900 ? 50.3 : 50 + 5 * noise()));
    const stuck = (scores: number[]) => scores.slice(2800, 2900).filter((s) => s > 0.5).length;
    expect(stuck(run(v, t))).toBeGreaterThan(0);
    const blind = new StreamingDetector({ ...DEFAULT_DETECTOR_OPTIONS, volatilityLowWeight: 0 });
    expect(stuck(run(v, t, blind))).toBe(0);
  });

  it('reports a burst of erratic steps inside the usual range promptly', () => {
    const noise = gaussian(mulberry32(14));
    const t = Array.from({ length: 3000 }, (_, i) => T0 + i * FIVE_MIN);
    // Noise of sd 1 around 50, then 100 points alternating 47.5 and 52.5 (inside the range seen).
    const v = t.map((_, i) => (i >= 2800 && i < 2900 ? 50 + (i % 2 ? 2.5 : -2.5) : 50 + noise()));
    const burst = (scores: number[]) => scores.slice(2800, 2830).filter((s) => s > 0.5).length;
    expect(burst(run(v, t))).toBeGreaterThan(0);
    const blind = new StreamingDetector({ ...DEFAULT_DETECTOR_OPTIONS, volatilityHighWeight: 0 });
    expect(burst(run(v, t, blind))).toBe(0);
  });

  it('is causal: scores of the first k points do not depend on later points', () => {
    const { t, v } = dailySeries(3, 4);
    const k = 700;
    const changed = v.map((x, i) => (i < k ? x : x * 3 + 50 * Math.sin(i)));
    const a = run(v, t);
    const b = run(changed, t);
    expect(b.slice(0, k)).toEqual(a.slice(0, k));
    // …and the later points do change them, so the comparison above is not vacuous.
    expect(b.slice(k)).not.toEqual(a.slice(k));
  });

  it('is deterministic', () => {
    const { t, v } = dailySeries(4, 3);
    expect(run(v, t)).toEqual(run(v, t));
  });

  it('reports a level shift promptly, then adapts to the new level', () => {
    const noise = gaussian(mulberry32(5));
    const n = 3000;
    const shiftAt = 1500;
    const t = Array.from({ length: n }, (_, i) => T0 + i * FIVE_MIN);
    const v = t.map((_, i) => (i < shiftAt ? 10 : 20) + noise());
    const scores = run(v, t);
    const first = scores.findIndex((s, i) => i >= shiftAt && s > 0.5);
    expect(first).toBeGreaterThanOrEqual(shiftAt);
    expect(first - shiftAt).toBeLessThan(5);
    // Before the shift: quiet after warm-up (a noisy flat series sets a few early records, not a stream).
    expect(scores.slice(500, shiftAt).filter((s) => s > 0.5).length).toBeLessThanOrEqual(3);
    // Long after it, the new level is normal.
    expect(scores.slice(n - 500).filter((s) => s > 0.5)).toHaveLength(0);
  });

  it('reports a drop of a level shift as well as a rise', () => {
    const noise = gaussian(mulberry32(6));
    const t = Array.from({ length: 2000 }, (_, i) => T0 + i * FIVE_MIN);
    const v = t.map((_, i) => (i < 1200 ? 50 : 35) + noise());
    const scores = run(v, t);
    expect(Math.max(...scores.slice(1200, 1205))).toBeGreaterThan(0.5);
  });

  it('stays silent for `refractory` points after a report, while lastRawScore still sees the next event', () => {
    const noise = gaussian(mulberry32(7));
    // No envelope, so that only the refractory period silences the second spike.
    const detector = new StreamingDetector({ ...DEFAULT_DETECTOR_OPTIONS, refractory: 30, envelopeDecay: 0 });
    let i = 0;
    const step = (value: number) => detector.update(value, T0 + i++ * FIVE_MIN);
    for (let k = 0; k < 1000; k++) step(10 + noise());
    expect(step(40)).toBeGreaterThan(0.5);
    for (let k = 0; k < 5; k++) step(10 + noise());
    expect(step(80)).toBe(0);
    expect(detector.lastRawScore).toBeGreaterThan(0.5);
    for (let k = 0; k < 30; k++) step(10 + noise());
    expect(step(160)).toBeGreaterThan(0.5);
  });

  it('lets one event yield one report: a smaller spike soon after a big one is not reported again', () => {
    const noise = gaussian(mulberry32(10));
    const detector = new StreamingDetector({ ...DEFAULT_DETECTOR_OPTIONS, refractory: 0 });
    let i = 0;
    const step = (value: number) => detector.update(value, T0 + i++ * FIVE_MIN);
    for (let k = 0; k < 1000; k++) step(10 + noise());
    expect(step(60)).toBeGreaterThan(0.5);
    step(10 + noise());
    expect(step(50)).toBe(0);
  });

  it('ignores non-finite values', () => {
    const detector = new StreamingDetector();
    expect(detector.update(Number.NaN, T0)).toBe(0);
    expect(detector.update(Number.POSITIVE_INFINITY, T0 + FIVE_MIN)).toBe(0);
  });
});

describe('RecordScorer', () => {
  it('ranks values below the record under 0.5 and values beyond it above', () => {
    const r = new RecordScorer(100, 10);
    for (let i = 1; i <= 20; i++) r.add(i);
    expect(r.score(5)).toBeLessThan(0.5);
    expect(r.score(15)).toBeGreaterThan(r.score(5));
    expect(r.score(20)).toBeLessThanOrEqual(0.5);
    expect(r.score(21)).toBeGreaterThan(0.5);
    expect(r.score(40)).toBeGreaterThan(r.score(21));
  });

  it('says nothing before minCount values and forgets beyond its memory', () => {
    const r = new RecordScorer(5, 3);
    r.add(1);
    expect(r.score(100)).toBe(0);
    r.add(1000);
    for (let i = 0; i < 5; i++) r.add(1);
    // 1000 has left the memory: 2 is a new record now.
    expect(r.score(2)).toBeGreaterThan(0.5);
  });
});

describe('AnomalyLikelihood', () => {
  it('is low for errors like the usual ones and high for a sustained rise', () => {
    const noise = mulberry32(8);
    const l = new AnomalyLikelihood(2000, 10, 60);
    let usual = 0;
    for (let i = 0; i < 1000; i++)
      usual = Math.max(usual, i > 100 ? l.update(noise()) : (l.update(noise()), 0));
    let risen = 0;
    for (let i = 0; i < 10; i++) risen = l.update(6 + noise());
    expect(usual).toBeLessThan(0.5);
    expect(risen).toBeGreaterThan(0.5);
  });
});

describe('WindowNovelty', () => {
  it('finds a burst of a never-seen shape inside the usual range', () => {
    const noise = gaussian(mulberry32(9));
    // Remembers 500 windows (2,000 points), so the first, still-novel periods of the sine are forgotten.
    const w = new WindowNovelty(4, 8, 500, 60);
    const scores: number[] = [];
    // A slow sine between 0 and 100 for a long while, then a fast oscillation between the same bounds.
    for (let i = 0; i < 4000; i++)
      scores.push(w.update(50 + 50 * Math.sin((2 * Math.PI * i) / 400) + noise()));
    const before = Math.max(...scores.slice(2000));
    const burst: number[] = [];
    for (let i = 0; i < 40; i++) burst.push(w.update(i % 8 < 4 ? 95 : 5));
    expect(before).toBeLessThan(0.5);
    expect(Math.max(...burst)).toBeGreaterThan(0.5);
  });
});
