import { describe, expect, it } from 'vitest';
import { steadiestView, type ViewedSeries } from './column-meaning.js';

const DAY = 86_400_000;

describe('steadiestView', () => {
  it('keeps the more meaningful view when another is only a hair steadier', () => {
    // An id advancing exactly one per row added, and by a day's rows that grow steadily: both views sit at
    // their resolution floor (2% of their level); the per-day one looks a hair steadier only because it grew.
    const perRow: ViewedSeries = {
      view: 'change per row added',
      series: Array.from({ length: 30 }, (_, d) => ({ t: d * DAY, v: 1 })),
      observed: 1,
    };
    const perDay: ViewedSeries = {
      view: 'change per day',
      series: Array.from({ length: 30 }, (_, d) => ({ t: d * DAY, v: 1_000 + 4 * d })),
      observed: 1_120,
    };
    const floor = (v: ViewedSeries) => 0.02 * (v.series.reduce((a, p) => a + p.v, 0) / v.series.length);
    expect(steadiestView([perRow, perDay], 30 * DAY, 7, floor)!.view.view).toBe('change per row added');
    // A view that is clearly steadier still wins.
    const noisyPerRow = { ...perRow, series: perRow.series.map((p, i) => ({ ...p, v: i % 2 ? 1.3 : 0.7 })) };
    expect(steadiestView([noisyPerRow, perDay], 30 * DAY, 7, floor)!.view.view).toBe('change per day');
  });
});
