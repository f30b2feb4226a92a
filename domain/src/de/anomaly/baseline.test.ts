import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/prng.js';
import { baselineAt, median, type MetricPoint } from './baseline.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday

function daily(days: number, value: (day: number, noise: number) => number, seed = 1): MetricPoint[] {
  const random = mulberry32(seed);
  return Array.from({ length: days }, (_, d) => ({ t: T0 + d * DAY, v: value(d, random() - 0.5) }));
}

describe('baselineAt', () => {
  it('expects the recent level, with a scale of the noise', () => {
    const history = daily(30, (_, n) => 100 + 4 * n);
    const b = baselineAt(history, T0 + 30 * DAY)!;
    expect(b.expected).toBeGreaterThan(98);
    expect(b.expected).toBeLessThan(102);
    expect(b.scale).toBeGreaterThan(0.2);
    expect(b.scale).toBeLessThan(4);
    expect(b.points).toBe(30);
  });

  it('is not moved by an outlier in the history', () => {
    const history = daily(30, (d, n) => (d === 25 ? 10_000 : 100 + n));
    const b = baselineAt(history, T0 + 30 * DAY)!;
    expect(Math.abs(b.expected - 100)).toBeLessThan(2);
  });

  it('uses only points before `at`, in any order', () => {
    const history = daily(40, (d, n) => 100 + d + n);
    const at = T0 + 30 * DAY;
    const past = history.filter((p) => p.t < at);
    const future = history.filter((p) => p.t >= at).map((p) => ({ t: p.t, v: p.v * 50 }));
    const b1 = baselineAt(past, at);
    const b2 = baselineAt([...future, ...past].reverse(), at);
    expect(b2).toEqual(b1);
  });

  it('scales a short history by its one-step prediction errors, not by residuals that include the point', () => {
    // Eight points of noise with a standard deviation of 0.289 (uniform): a point judged against them misses
    // their median by about that much, so the scale should not be much below it.
    let total = 0;
    for (let seed = 1; seed <= 200; seed++)
      total += baselineAt(
        daily(8, (_, n) => 100 + n, seed),
        T0 + 8 * DAY,
      )!.scale;
    expect(total / 200).toBeGreaterThan(0.25);
  });

  it('follows a trend', () => {
    const history = daily(30, (d, n) => 10 * d + n);
    const b = baselineAt(history, T0 + 30 * DAY)!;
    expect(Math.abs(b.expected - 300)).toBeLessThan(15);
  });

  it('absorbs a level shift once it has lasted', () => {
    const shifted = (days: number) => daily(days, (d, n) => (d < 20 ? 100 : 200) + n);
    const early = baselineAt(shifted(22), T0 + 22 * DAY)!;
    const late = baselineAt(shifted(45), T0 + 45 * DAY)!;
    expect(early.expected).toBeLessThan(150);
    // Within 10%: while the step is inside the 56-day window, the Theil–Sen trend reads part of it as a slope
    // and carries the expectation somewhat past the new level.
    expect(Math.abs(late.expected - 200)).toBeLessThan(20);
  });

  it('learns a weekly profile after three weeks', () => {
    // Weekends (Saturday, Sunday) run at half the weekday volume.
    const weekend = (d: number) => [5, 6].includes(d % 7);
    const history = daily(35, (d, n) => (weekend(d) ? 500 : 1000) + 5 * n);
    const saturday = baselineAt(history, T0 + 40 * DAY)!;
    const monday = baselineAt(history, T0 + 35 * DAY)!;
    expect(saturday.weekly).toBe(true);
    expect(Math.abs(saturday.expected - 500)).toBeLessThan(50);
    expect(Math.abs(monday.expected - 1000)).toBeLessThan(50);
    expect(baselineAt(history.slice(0, 14), T0 + 14 * DAY)!.weekly).toBe(false);
  });

  it('answers null with fewer than minPoints, and honours minScale', () => {
    expect(
      baselineAt(
        daily(5, () => 1),
        T0 + 5 * DAY,
      ),
    ).toBeNull();
    const flat = baselineAt(
      daily(10, () => 7),
      T0 + 10 * DAY,
      7,
      0.5,
    )!;
    expect(flat.scale).toBe(0.5);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
