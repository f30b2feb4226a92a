import { describe, expect, it } from 'vitest';
import { chartableMetrics, historySeries, type Run } from './validation-history';

const issue = (
  metric: string,
  observed: number,
  low: number,
  high: number,
  relatedUrn: string | null = null,
) => ({
  metric,
  severity: 'FAIL' as const,
  observed,
  expectedLow: low,
  expectedHigh: high,
  relatedUrn,
});
const run = (
  asOf: number,
  status: Run['status'],
  issues: Run['issues'] = [],
  metrics: Run['metrics'] = [],
): Run => ({
  runId: `r${asOf}`,
  asOf,
  validatedAt: asOf,
  status,
  issues,
  metrics,
});
const judged = (metric: string, observed: number, low: number, high: number) => ({
  metric,
  observed,
  expectedLow: low,
  expectedHigh: high,
  status: observed < low || observed > high ? ('FAIL' as const) : ('PASS' as const),
});

describe('validation history series', () => {
  const runs = [
    run(3, 'FAIL', [issue('rowCount', 10, 100, 200), issue('rowCount', 5, 50, 60, 'urn:upstream')]),
    run(1, 'PASS'),
    run(2, 'WARN', [issue('freshness', 40, 0, 30)]),
    run(4, 'FAIL', [issue('rowCount', 20, 110, 210), issue('sizeInBytes', 1, 2, 3, 'urn:upstream')]),
  ];

  it('offers the metrics the dataset itself was flagged on, most often first', () => {
    expect(chartableMetrics(runs)).toEqual(['rowCount', 'freshness']);
  });

  it('puts runs in time order with observed value and band, and passing runs as status only', () => {
    expect(historySeries(runs, 'rowCount')).toEqual([
      { t: 1, status: 'PASS', observed: null, band: null, severity: null },
      { t: 2, status: 'WARN', observed: null, band: null, severity: null },
      { t: 3, status: 'FAIL', observed: 10, band: [100, 200], severity: 'FAIL' },
      { t: 4, status: 'FAIL', observed: 20, band: [110, 210], severity: 'FAIL' },
    ]);
  });

  it('charts passing runs too when they list what they judged, with the band of each run', () => {
    const withMetrics = [
      run(1, 'PASS', [], [judged('rowCount', 150, 100, 200), judged('freshness', 2, 0, 30)]),
      run(2, 'FAIL', [issue('rowCount', 10, 100, 200)], [judged('rowCount', 10, 100, 200)]),
      run(3, 'PASS', [], [judged('rowCount', 160, 105, 205)]),
    ];
    expect(chartableMetrics(withMetrics)).toEqual(['rowCount', 'freshness']);
    expect(historySeries(withMetrics, 'rowCount')).toEqual([
      { t: 1, status: 'PASS', observed: 150, band: [100, 200], severity: null },
      { t: 2, status: 'FAIL', observed: 10, band: [100, 200], severity: 'FAIL' },
      { t: 3, status: 'PASS', observed: 160, band: [105, 205], severity: null },
    ]);
  });
});
