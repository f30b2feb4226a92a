import { describe, expect, it } from 'vitest';
import { chartRows, comparePeriods, daysBefore, drawnSeries, inPeriod, seriesCsv } from './metrics-data';

const s = (key: string, values: number[]) => ({
  metric: 'datasets',
  dimension: key ? 'LAYER' : 'CATALOG',
  key,
  points: values.map((value, i) => ({ day: `2026-03-0${i + 1}`, value })),
});

describe('metrics dashboard data', () => {
  it('makes one chart row per day with a column per group', () => {
    expect(chartRows([s('gold', [1, 2]), s('silver', [3])])).toEqual([
      { day: '2026-03-01', gold: 1, silver: 3 },
      { day: '2026-03-02', gold: 2 },
    ]);
    expect(chartRows([s('', [5])])).toEqual([{ day: '2026-03-01', catalog: 5 }]);
  });

  it('draws the largest groups only', () => {
    const many = Array.from({ length: 12 }, (_, i) => s(`g${i}`, [i]));
    expect(drawnSeries(many).map((x) => x.key)).toEqual(['g11', 'g10', 'g9', 'g8', 'g7', 'g6', 'g5', 'g4']);
  });

  // Six days: 03-01..03-03 the previous period, 03-04..03-06 the one shown.
  const period = { from: '2026-03-04', previousFrom: '2026-03-01' };
  const days = (values: number[]) => s('', values).points;

  it('compares a state’s last value with the previous period’s last value, not the range’s first', () => {
    expect(comparePeriods(days([10, 11, 12, 13, 14, 15]), period, 'LAST')).toEqual({
      current: 15,
      previous: 12,
      change: 3,
    });
    // The previous period's value is its last point, even when its end was not collected.
    expect(comparePeriods(days([10, 11]).concat(days([0, 0, 0, 20]).slice(3)), period, 'LAST')).toEqual({
      current: 20,
      previous: 11,
      change: 9,
    });
  });

  it('compares a daily count’s totals and a daily share’s means over the two periods', () => {
    expect(comparePeriods(days([1, 2, 3, 4, 5, 6]), period, 'SUM')).toEqual({
      current: 15,
      previous: 6,
      change: 9,
    });
    expect(comparePeriods(days([0.5, 1, 0.9, 0.8, 0.7, 0.6]), period, 'MEAN')!.change).toBeCloseTo(-0.1, 12);
  });

  it('has no previous figure when the points do not reach back a whole period', () => {
    const shown = days([0, 0, 0, 4, 5, 6]).slice(3);
    expect(comparePeriods(shown, period, 'LAST')).toEqual({ current: 6, previous: null, change: null });
    // A total over a partly collected previous period would understate it.
    expect(comparePeriods(days([1, 2, 3, 4, 5, 6]).slice(1), period, 'SUM')).toEqual({
      current: 15,
      previous: null,
      change: null,
    });
    expect(comparePeriods(days([1, 2, 3]), period, 'LAST')).toBeNull();
    expect(inPeriod(s('', [1, 2, 3, 4, 5, 6]), period.from).points.map((p) => p.value)).toEqual([4, 5, 6]);
  });

  it('exports CSV as the REST facade does, quoting keys that need it', () => {
    expect(seriesCsv([{ ...s('a,b', [1]), dimension: 'DOMAIN' }])).toBe(
      'metric,dimension,key,day,value\r\ndatasets,domain,"a,b",2026-03-01,1\r\n',
    );
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
  });
});
