// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp, type Handler } from '../test/harness';
import { AOV_URN, CHURN_URN, latestRun, REVENUE_URN, runPage } from '../test/fixtures';
import type { Identity } from '../auth/identity';
import { datasetPath } from '../lib/format';
import EngineeringPage from './EngineeringPage';

afterEach(cleanup);

const DE_ONLY: Identity = { subject: 'ed', groups: ['de'], auth: 'api_key' };
const GONE_URN = 'urn:li:dataset:(urn:li:dataPlatform:mysql,erp.old_orders,PROD)';
const noHistory: Handler = () => ({
  data: { validationHistory: { __typename: 'ValidationHistory', totalCount: 0, runs: [] } },
});

const runs = [
  latestRun(AOV_URN, 'acme_dw.gold_eu.average_order_value_daily', {
    status: 'PASS',
    validatedAt: Date.UTC(2026, 10, 26, 12),
  }),
  latestRun(CHURN_URN, 'acme_dw.gold_us.customer_churn_scores', {
    status: 'WARN',
    validatedAt: Date.UTC(2026, 10, 26, 11),
  }),
  latestRun(REVENUE_URN, 'acme_dw.gold_us.daily_revenue_by_store', {
    failing: ['freshness', 'rowCount'],
    late: 68_371,
    validatedAt: Date.UTC(2026, 10, 26, 10),
  }),
  latestRun(GONE_URN, null, { status: 'INSUFFICIENT_HISTORY', validatedAt: Date.UTC(2026, 10, 26, 9) }),
];

describe('engineering: datasets by health', () => {
  it("lists each validated dataset's latest run, worst first, for a DE-only user (no DA search)", async () => {
    const { client, calls } = mockGraphql({
      HealthList: () => ({ data: { latestValidations: runPage(runs, 140) } }),
      ValidationHistory: noHistory,
    });
    renderWithApp(<EngineeringPage />, { client, route: '/engineering', identity: DE_ONLY });
    const section = await screen.findByRole('region', { name: 'Datasets by health' });
    const table = await within(section).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual([
      'acme_dw.gold_us.daily_revenue_by_store',
      'acme_dw.gold_us.customer_churn_scores',
      GONE_URN,
      'acme_dw.gold_eu.average_order_value_daily',
    ]);
    expect(within(rows[0]!).getByRole('link').getAttribute('href')).toBe(datasetPath(REVENUE_URN));
    expect(rows[0]!.textContent).toMatch(/fail.*freshness, rowCount.*late 19 h.*2026-11-26 10:00:00 UTC/);
    expect(rows[2]!.textContent).toMatch(/insufficient history/);
    expect(
      within(section).getByText(/1 of 4 validated datasets fail their latest validation/).textContent,
    ).toMatch(/showing the 4 most recently validated of 140/);
    // Only the DE spoke's operations: nothing a DE-only user may not call.
    expect(calls.map((c) => c.operationName)).toEqual(['HealthList']);
    expect(calls.find((c) => c.operationName === 'HealthList')?.variables).toEqual({ limit: 100 });
  });

  it('filters by latest status on the server, and says when none has it', async () => {
    const { client, calls } = mockGraphql({
      HealthList: (v) => ({
        data: {
          latestValidations: runPage(Array.isArray(v.status) && v.status.includes('FAIL') ? [] : runs),
        },
      }),
      ValidationHistory: noHistory,
    });
    renderWithApp(<EngineeringPage />, { client, route: '/engineering', identity: DE_ONLY });
    const section = await screen.findByRole('region', { name: 'Datasets by health' });
    await within(section).findByRole('table');
    fireEvent.change(within(section).getByLabelText('Latest status'), { target: { value: 'Failing' } });
    expect(await within(section).findByText("No dataset's latest validation is failing.")).toBeTruthy();
    expect(calls.filter((c) => c.operationName === 'HealthList').map((c) => c.variables)).toEqual([
      { limit: 100 },
      { status: ['FAIL'], limit: 100 },
    ]);
  });

  it('says when nothing has been validated yet', async () => {
    const { client } = mockGraphql({
      HealthList: () => ({ data: { latestValidations: runPage([]) } }),
      ValidationHistory: noHistory,
    });
    renderWithApp(<EngineeringPage />, { client, route: '/engineering', identity: DE_ONLY });
    expect(await screen.findByText(/No dataset has been validated yet/)).toBeTruthy();
  });

  it('shows the loading state, then the error with its code, and retries', async () => {
    let fail = true;
    const { client, calls } = mockGraphql({
      HealthList: () =>
        fail
          ? {
              errors: [
                {
                  message: 'Query.latestValidations needs the operational store',
                  extensions: { code: 'VALIDATION_UNAVAILABLE' },
                },
              ],
            }
          : { data: { latestValidations: runPage(runs) } },
      ValidationHistory: noHistory,
    });
    renderWithApp(<EngineeringPage />, { client, route: '/engineering', identity: DE_ONLY });
    const section = screen.getByRole('region', { name: 'Datasets by health' });
    expect(within(section).getByRole('status').textContent).toMatch(/Loading dataset health/);
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toMatch(/VALIDATION_UNAVAILABLE: Query.latestValidations needs/);
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(within(section).getByRole('table')).toBeTruthy());
    expect(calls.filter((c) => c.operationName === 'HealthList')).toHaveLength(2);
  });

  it('refetches the list after a run in the validator, even from an empty list', async () => {
    let stored = false;
    const { client, calls } = mockGraphql({
      HealthList: () => ({ data: { latestValidations: runPage(stored ? runs.slice(2, 3) : []) } }),
      ValidationHistory: noHistory,
      ValidateDataset: () => {
        stored = true;
        return {
          data: {
            validateDataset: {
              __typename: 'DatasetValidation',
              runId: 'run-1',
              datasetUrn: REVENUE_URN,
              asOf: Date.UTC(2026, 10, 26, 10),
              validatedAt: Date.UTC(2026, 10, 26, 10),
              dryRun: false,
              status: 'FAIL',
              needed: [],
              issues: [],
              checks: [],
              recommendations: [],
              alternatives: [],
            },
          },
        };
      },
    });
    renderWithApp(<EngineeringPage />, {
      client,
      route: `/engineering?urn=${encodeURIComponent(REVENUE_URN)}`,
      identity: DE_ONLY,
    });
    const section = screen.getByRole('region', { name: 'Datasets by health' });
    await within(section).findByText(/No dataset has been validated yet/);
    const form = screen.getByRole('form', { name: 'Validate a dataset' });
    fireEvent.click(within(form).getByRole('button', { name: 'Run validation' }));
    const link = await within(section).findByRole('link', { name: 'acme_dw.gold_us.daily_revenue_by_store' });
    expect(link.getAttribute('href')).toBe(datasetPath(REVENUE_URN));
    expect(calls.filter((c) => c.operationName === 'HealthList')).toHaveLength(2);
  });
});
