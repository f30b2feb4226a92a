// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../test/harness';
import { Validator } from './Validator';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_us.daily_revenue_by_store,PROD)';

const result = (dryRun: boolean) => ({
  __typename: 'DatasetValidation',
  runId: dryRun ? null : 'a1b2c3d4e5',
  datasetUrn: URN,
  asOf: Date.UTC(2026, 10, 26),
  validatedAt: Date.UTC(2026, 10, 26),
  dryRun,
  status: 'FAIL',
  needed: [],
  issues: [
    {
      __typename: 'ValidationIssue',
      check: 'VOLUME',
      metric: 'rowCount',
      severity: 'FAIL',
      observed: 10,
      expectedLow: 135_908,
      expectedHigh: 157_702,
      anomalyScore: 0.99,
      explanation: 'Row count is 10, below the expected 135,908–157,702.',
      relatedUrn: null,
    },
  ],
  checks: [
    {
      __typename: 'ValidationCheck',
      check: 'VOLUME',
      status: 'FAIL',
      detail: '1 volume metric outside its band',
    },
  ],
  recommendations: [],
  alternatives: [],
});

afterEach(cleanup);

describe('validator', () => {
  it('a dry run sends the proposed row count and shows it against the expected band; nothing is stored', async () => {
    let historyCalls = 0;
    const mock = mockGraphql({
      ValidateDataset: (v) => ({ data: { validateDataset: result(v.dryRun === true) } }),
      ValidationHistory: () => {
        historyCalls += 1;
        return { data: { validationHistory: { __typename: 'ValidationHistory', totalCount: 0, runs: [] } } };
      },
    });
    renderWithApp(<Validator initialUrn={URN} />, { client: mock.client });
    await screen.findByText(/No stored validation runs yet/);
    const form = screen.getByRole('form', { name: 'Validate a dataset' });
    fireEvent.click(within(form).getByLabelText('Dry run (store nothing)'));
    fireEvent.change(within(form).getByLabelText('Row count'), { target: { value: '10' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Dry run' }));
    await screen.findByText(/dry run, nothing stored/);
    expect(mock.calls.find((c) => c.operationName === 'ValidateDataset')?.variables).toEqual({
      urn: URN,
      asOf: null,
      dryRun: true,
      observations: { rowCount: 10 },
    });
    expect(screen.getByText(/observed 10, expected 135,908 – 157,702/)).toBeTruthy();
    expect(historyCalls).toBe(1);

    // A stored run refreshes the history, even from empty.
    fireEvent.click(within(form).getByLabelText('Dry run (store nothing)'));
    fireEvent.click(within(form).getByRole('button', { name: 'Run validation' }));
    await screen.findByText(/stored as run a1b2c3d4/);
    await waitFor(() => expect(historyCalls).toBe(2));
  });

  it('refuses a urn that is not a dataset before asking the gateway', async () => {
    const mock = mockGraphql({
      ValidationHistory: () => ({
        data: { validationHistory: { __typename: 'ValidationHistory', totalCount: 0, runs: [] } },
      }),
    });
    renderWithApp(<Validator initialUrn="" />, { client: mock.client });
    const form = screen.getByRole('form', { name: 'Validate a dataset' });
    fireEvent.change(within(form).getByLabelText('Dataset urn'), { target: { value: 'orders' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Run validation' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Give a dataset urn/);
    expect(mock.calls.map((c) => c.operationName)).not.toContain('ValidateDataset');
  });
});
