// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../../../test/harness';
import GovernanceMetrics from '.';

afterEach(cleanup);

const definitions = [
  {
    __typename: 'MetricDefinition',
    name: 'table_documentation',
    unit: 'share',
    description: 'Share of datasets with a description',
    catalogOnly: false,
  },
  {
    __typename: 'MetricDefinition',
    name: 'datasets',
    unit: 'count',
    description: 'Live datasets',
    catalogOnly: false,
  },
];

const series = (key: string, values: number[], target: { value: number } | null = null) => ({
  __typename: 'MetricSeries',
  metric: 'table_documentation',
  unit: 'share',
  dimension: key ? 'LAYER' : 'CATALOG',
  key,
  points: values.map((value, i) => ({ __typename: 'MetricPoint', day: `2026-03-0${i + 1}`, value })),
  target: target && {
    __typename: 'MetricTarget',
    id: `table_documentation|LAYER|${key}`,
    comparison: 'AT_LEAST',
    ...target,
  },
});

describe('governance: the metrics dashboard', () => {
  it('shows each group’s value, its change over the range and a missed target', async () => {
    const { client, calls } = mockGraphql({
      MetricDefinitions: () => ({ data: { metricDefinitions: definitions } }),
      MetricSeries: () => ({
        data: { metrics: [series('gold', [0.8, 0.9], { value: 0.95 }), series('silver', [0.5, 0.4])] },
      }),
    });
    renderWithApp(<GovernanceMetrics />, { client, route: '/governance' });
    const table = await screen.findByRole('table', { name: /last value against the first/i });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['gold', '90%', '+10%', '≥ 95% (missed)'],
      ['silver', '40%', '-10%', '–'],
    ]);
    expect(calls.find((c) => c.operationName === 'MetricSeries')!.variables).toMatchObject({
      names: ['table_documentation'],
      groupBy: 'CATALOG',
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
