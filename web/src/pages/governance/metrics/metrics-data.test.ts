import { describe, expect, it } from 'vitest';
import { chartRows, comparePeriods, daysBefore, drawnSeries, seriesCsv } from './metrics-data';

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

  it('compares the last value with the first of the period', () => {
    expect(comparePeriods(s('', [10, 12, 15]).points)).toEqual({ current: 15, previous: 10, change: 5 });
    expect(comparePeriods(s('', [10]).points)).toEqual({ current: 10, previous: null, change: null });
    expect(comparePeriods([])).toBeNull();
  });

  it('exports CSV as the REST facade does, quoting keys that need it', () => {
    expect(seriesCsv([{ ...s('a,b', [1]), dimension: 'DOMAIN' }])).toBe(
      'metric,dimension,key,day,value\r\ndatasets,domain,"a,b",2026-03-01,1\r\n',
    );
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
  });
});
