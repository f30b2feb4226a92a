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

const noRuns: Handler = () => ({
  data: { workflowRuns: { __typename: 'WorkflowRunPage', totalCount: 0, runs: [] } },
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
      WorkflowRuns: noRuns,
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
    expect(new Set(calls.map((c) => c.operationName))).toEqual(new Set(['HealthList', 'WorkflowRuns']));
    expect(calls.find((c) => c.operationName === 'HealthList')?.variables).toEqual({ limit: 100 });
  });

  it('filters by latest status on the server, and says when none has it', async () => {
    const { client, calls } = mockGraphql({
      WorkflowRuns: noRuns,
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
      WorkflowRuns: noRuns,
      HealthList: () => ({ data: { latestValidations: runPage([]) } }),
      ValidationHistory: noHistory,
    });
    renderWithApp(<EngineeringPage />, { client, route: '/engineering', identity: DE_ONLY });
    expect(await screen.findByText(/No dataset has been validated yet/)).toBeTruthy();
  });

  it('shows the loading state, then the error with its code, and retries', async () => {
    let fail = true;
    const { client, calls } = mockGraphql({
      WorkflowRuns: noRuns,
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
      WorkflowRuns: noRuns,
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

function workflowRun(over: Record<string, unknown>) {
  return {
    __typename: 'WorkflowRun',
    id: 'run-1',
    workflow: 'CATALOG_HEALTH_SWEEP',
    scheduleId: 'catalog-health-sweep',
    trigger: 'SCHEDULE',
    engine: 'embedded',
    status: 'COMPLETED',
    startedAt: Date.UTC(2026, 11, 4, 9),
    finishedAt: Date.UTC(2026, 11, 4, 9, 0, 42),
    progress: null,
    counts: [],
    datasets: [],
    error: null,
    ...over,
  };
}

describe('engineering: scheduled runs', () => {
  it('shows each run: a running one with its progress, a finished one with what it did, a failed one with why', async () => {
    const { client } = mockGraphql({
      HealthList: () => ({ data: { latestValidations: runPage([], 0) } }),
      ValidationHistory: noHistory,
      WorkflowRuns: () => ({
        data: {
          workflowRuns: {
            __typename: 'WorkflowRunPage',
            totalCount: 3,
            runs: [
              workflowRun({
                id: 'run-3',
                status: 'RUNNING',
                finishedAt: null,
                progress: {
                  __typename: 'WorkflowRunProgress',
                  step: 'validate batch 2/5',
                  done: 12,
                  total: 20,
                },
              }),
              workflowRun({
                id: 'run-2',
                workflow: 'METRICS_COLLECTION',
                trigger: 'CATCH_UP',
                status: 'FAILED',
                error: 'DataHub is unavailable: cannot reach http://gms:8080/api/graphql',
              }),
              workflowRun({
                id: 'run-1',
                engine: 'temporal',
                counts: [
                  { __typename: 'WorkflowRunCount', name: 'due', value: 47 },
                  { __typename: 'WorkflowRunCount', name: 'validated', value: 47 },
                  { __typename: 'WorkflowRunCount', name: 'failed', value: 3 },
                  { __typename: 'WorkflowRunCount', name: 'skipped', value: 0 },
                ],
              }),
            ],
          },
        },
      }),
    });
    renderWithApp(<EngineeringPage />, { client, route: '/engineering', identity: DE_ONLY });
    const section = await screen.findByRole('region', { name: 'Scheduled runs' });
    const rows = within(await within(section).findByRole('table'))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(
        /Catalog health sweep.*running.*schedule, embedded.*validate batch 2\/5: 12 of 20/,
      ),
      expect.stringMatching(
        /Metrics collection.*failed.*catch-up after downtime.*42 s.*DataHub is unavailable/,
      ),
      expect.stringMatching(/Catalog health sweep.*completed.*temporal.*due 47 · validated 47 · failed 3$/),
    ]);
  });

  it('says how to start one when there is none yet', async () => {
    const { client } = mockGraphql({
      HealthList: () => ({ data: { latestValidations: runPage([], 0) } }),
      WorkflowRuns: noRuns,
    });
    renderWithApp(<EngineeringPage />, { client, route: '/engineering', identity: DE_ONLY });
    const section = await screen.findByRole('region', { name: 'Scheduled runs' });
    expect((await within(section).findByText(/No scheduled run yet/)).textContent).toMatch(
      /dataspoke schedules trigger catalog-health-sweep/,
    );
  });
});
