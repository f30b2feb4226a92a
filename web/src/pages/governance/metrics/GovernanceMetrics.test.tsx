// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../../../test/harness';
import GovernanceMetrics from '.';
import { daysBefore } from './metrics-data';

afterEach(cleanup);

const definitions = [
  {
    __typename: 'MetricDefinition',
    name: 'table_documentation',
    unit: 'share',
    description: 'Share of datasets with a description',
    catalogOnly: false,
    periodFigure: 'LAST',
  },
  {
    __typename: 'MetricDefinition',
    name: 'datasets',
    unit: 'count',
    description: 'Live datasets',
    catalogOnly: false,
    periodFigure: 'LAST',
  },
];

// The page shows the last 120 days and compares them with the 120 before: the points are laid out from
// today backwards, the first `values` 120 days apart (one per period), then the last ones day by day.
const today = new Date().toISOString().slice(0, 10);
const series = (key: string, values: number[], target: { value: number } | null = null) => ({
  __typename: 'MetricSeries',
  metric: 'table_documentation',
  unit: 'share',
  dimension: key ? 'LAYER' : 'CATALOG',
  key,
  points: values.map((value, i) => ({
    __typename: 'MetricPoint',
    day: daysBefore(today, (values.length - 1 - i) * 120),
    value,
  })),
  target: target && {
    __typename: 'MetricTarget',
    id: `table_documentation|LAYER|${key}`,
    comparison: 'AT_LEAST',
    ...target,
  },
});

describe('governance: the metrics dashboard', () => {
  it('shows each group’s value against the previous period and a missed target', async () => {
    const { client, calls } = mockGraphql({
      MetricDefinitions: () => ({ data: { metricDefinitions: definitions } }),
      MetricSeries: () => ({
        data: {
          metrics: [
            // Two years back (before the previous period), the previous period's last day, today.
            series('gold', [0.1, 0.8, 0.9], { value: 0.95 }),
            series('silver', [0.5, 0.4]),
            series('bronze', [0.3]),
          ],
        },
      }),
    });
    renderWithApp(<GovernanceMetrics />, { client, route: '/governance' });
    const table = await screen.findByRole('table', {
      name: /last 120 days against the 120 before/i,
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['gold', '90%', '80%', '+10%', '≥ 95% (missed)'],
      ['silver', '40%', '50%', '-10%', '–'],
      ['bronze', '30%', '–', '–', '–'],
    ]);
    expect(calls.find((c) => c.operationName === 'MetricSeries')!.variables).toMatchObject({
      names: ['table_documentation'],
      groupBy: 'CATALOG',
      from: daysBefore(today, 239),
      to: today,
    });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Export CSV' }).disabled).toBe(false);
  });

  it('says when nothing is collected yet', async () => {
    const { client } = mockGraphql({
      MetricDefinitions: () => ({ data: { metricDefinitions: definitions } }),
      MetricSeries: () => ({ data: { metrics: [] } }),
    });
    renderWithApp(<GovernanceMetrics />, { client, route: '/governance' });
    expect(await screen.findByText(/nothing collected in this range yet/i)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Export CSV' }).disabled).toBe(true);
  });
});
