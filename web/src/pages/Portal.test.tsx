// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, mockGraphql, renderWithApp } from '../test/harness';
import {
  AOV_URN,
  catalogSummary,
  CHURN_URN,
  goldDataset,
  latestRun,
  REVENUE_URN,
  runPage,
} from '../test/fixtures';
import { datasetPath } from '../lib/format';
import { Portal } from './Portal';

afterEach(cleanup);

const PAYMENTS_URN = 'urn:li:dataset:(urn:li:dataPlatform:s3,acme-lake/bronze/payments,PROD)';
const GONE_URN = 'urn:li:dataset:(urn:li:dataPlatform:mysql,erp.old_orders,PROD)';

function portalAnswer(vars: Record<string, unknown>) {
  return {
    data: {
      ...(vars.withDe === true && {
        failing: runPage(
          [
            latestRun(PAYMENTS_URN, 'acme-lake/bronze/payments', { failing: ['rowCount', 'sizeInBytes'] }),
            // DataHub no longer has it: listed by its urn.
            latestRun(GONE_URN, null, { failing: ['freshness'] }),
          ],
          7,
        ),
      }),
      ...(vars.withDg === true && { catalogSummary }),
      ...(vars.withDa === true && {
        gold: {
          __typename: 'DatasetSearchResults',
          total: 3,
          results: [
            goldDataset(REVENUE_URN, 'acme_dw.gold_us.daily_revenue_by_store', { late: 68_371 }),
            goldDataset(CHURN_URN, 'acme_dw.gold_us.customer_churn_scores', {
              documented: false,
              ratio: 0.67,
            }),
            goldDataset(AOV_URN, 'acme_dw.gold_eu.average_order_value_daily', {}),
          ],
        },
      }),
    },
  };
}

describe('portal', () => {
  it('shows DataHub at the centre with live counts, and each spoke with its own', async () => {
    const { client } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client });
    const hub = await screen.findByRole('article', { name: 'DataHub' });
    expect(within(hub).getByText('datasets').nextSibling?.textContent).toBe('320');
    expect(within(hub).getByText('platforms').nextSibling?.textContent).toBe('3');
    // The null domain key counts datasets without a domain: it is not a domain.
    expect(within(hub).getByText('domains').nextSibling?.textContent).toBe('2');
    expect(within(hub).getByText('gold tables').nextSibling?.textContent).toBe('54');
    const de = screen.getByRole('article', { name: /Data Engineering/ });
    expect(within(de).getByText('gold tables late').nextSibling?.textContent).toBe('1');
    expect(within(de).getByText('datasets failing validation').nextSibling?.textContent).toBe('7');
    const dg = screen.getByRole('article', { name: /Data Governance/ });
    expect(within(dg).getByText('undocumented gold tables').nextSibling?.textContent).toBe('1');
    expect(
      within(dg)
        .getByRole('link', { name: /Catalog summary/ })
        .getAttribute('href'),
    ).toBe('/governance');
  });

  it('lists what needs attention, each linking to its dataset page', async () => {
    const { client } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client });
    const attention = await screen.findByRole('region', { name: 'Needs attention' });
    const late = within(attention).getByRole('link', { name: 'acme_dw.gold_us.daily_revenue_by_store' });
    expect(late.getAttribute('href')).toBe(datasetPath(REVENUE_URN));
    expect(late.parentElement?.textContent).toMatch(/late.*19 h past its expected update/);
    const undocumented = within(attention).getByRole('link', {
      name: 'acme_dw.gold_us.customer_churn_scores',
    });
    expect(undocumented.parentElement?.textContent).toMatch(/undocumented/);
    expect(within(attention).queryByText('acme_dw.gold_eu.average_order_value_daily')).toBeNull();
  });

  it('lists the datasets whose latest validation fails first, with what they fail on, each linking to its page', async () => {
    const { client } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client });
    const attention = await screen.findByRole('region', { name: 'Needs attention' });
    const items = within(attention).getAllByRole('listitem');
    expect(items.map((i) => i.querySelector('.pill')?.textContent)).toEqual([
      'failing',
      'failing',
      'late',
      'undocumented',
    ]);
    const payments = within(items[0]!).getByRole('link', { name: 'acme-lake/bronze/payments' });
    expect(payments.getAttribute('href')).toBe(datasetPath(PAYMENTS_URN));
    expect(items[0]!.textContent).toMatch(/fails rowCount, sizeInBytes; validated 2026-11-26 09:00:00 UTC/);
    expect(within(items[1]!).getByRole('link', { name: GONE_URN }).getAttribute('href')).toBe(
      datasetPath(GONE_URN),
    );
    // 2 of 7 failing are shown; the rest are in Engineering.
    expect(attention.textContent).toMatch(/the 2 most recent of 7/);
    expect(within(attention).getByRole('link', { name: 'Engineering' }).getAttribute('href')).toBe(
      '/engineering',
    );
  });

  it('a late gold table that also fails its validation is listed once, as failing', async () => {
    const { client } = mockGraphql({
      Portal: (vars) => ({
        data: {
          ...portalAnswer(vars).data,
          failing: runPage([
            latestRun(REVENUE_URN, 'acme_dw.gold_us.daily_revenue_by_store', { failing: ['freshness'] }),
          ]),
        },
      }),
    });
    renderWithApp(<Portal />, { client });
    const attention = await screen.findByRole('region', { name: 'Needs attention' });
    const links = within(attention).getAllByRole('link', { name: 'acme_dw.gold_us.daily_revenue_by_store' });
    expect(links).toHaveLength(1);
    expect(links[0]!.parentElement?.textContent).toMatch(/failing.*fails freshness/);
    // The spoke still counts it as late.
    const de = screen.getByRole('article', { name: /Data Engineering/ });
    expect(within(de).getByText('gold tables late').nextSibling?.textContent).toBe('1');
  });

  it('asks a DA user only for what DA may see, and links only to their spoke', async () => {
    const { client, calls } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client, identity: { subject: 'ana', groups: ['da'], auth: 'api_key' } });
    const hub = await screen.findByRole('article', { name: 'DataHub' });
    expect(calls[0]?.variables).toEqual({ withDe: false, withDa: true, withDg: false });
    // No catalog summary (DG): the hub shows what the search found.
    expect(within(hub).queryByText('datasets')).toBeNull();
    expect(within(hub).getByText('gold tables').nextSibling?.textContent).toBe('3');
    expect(within(screen.getByRole('article', { name: /Data Engineering/ })).queryByRole('link')).toBeNull();
    expect(
      within(screen.getByRole('article', { name: /Data Analysis/ }))
        .getByRole('link')
        .getAttribute('href'),
    ).toBe('/search');
    expect(screen.getByRole('region', { name: 'Needs attention' }).textContent).toMatch(
      /daily_revenue_by_store/,
    );
  });

  it('a DE-only user sees the failing datasets: only the DE validations are asked', async () => {
    const { client, calls } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client, identity: { subject: 'ed', groups: ['de'], auth: 'api_key' } });
    const attention = await screen.findByRole('region', { name: 'Needs attention' });
    expect(calls.map((c) => c.variables)).toEqual([{ withDe: true, withDa: false, withDg: false }]);
    expect(within(attention).getByRole('link', { name: 'acme-lake/bronze/payments' })).toBeTruthy();
    expect([...attention.querySelectorAll('.pill')].map((p) => p.textContent)).toEqual([
      'failing',
      'failing',
    ]);
    const de = screen.getByRole('article', { name: /Data Engineering/ });
    expect(within(de).getByText('datasets failing validation').nextSibling?.textContent).toBe('7');
    expect(within(de).queryByText('gold tables late')).toBeNull();
    expect(within(de).getByRole('link').getAttribute('href')).toBe('/engineering');
    expect(
      within(screen.getByRole('article', { name: /Data Analysis/ })).getByText('Not in your groups.'),
    ).toBeTruthy();
  });

  it('a user with none of DE, DA and DG is told where the counts come from, and nothing is asked', async () => {
    const { client, calls } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client, identity: { subject: 'al', groups: [], auth: 'api_key' } });
    expect(screen.getByText(/do not include/).textContent).toMatch(
      /DE validations, the DA search and the DG catalog summary/,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(0);
  });

  it('says when nothing needs attention', async () => {
    const { client } = mockGraphql({
      Portal: () => ({
        data: {
          catalogSummary,
          failing: runPage([]),
          gold: {
            __typename: 'DatasetSearchResults',
            total: 1,
            results: [goldDataset(AOV_URN, 'a.gold.x', {})],
          },
        },
      }),
    });
    renderWithApp(<Portal />, { client, identity: ADMIN });
    expect(
      await screen.findByText(
        'Nothing: no dataset fails its latest validation; every gold table is on time and documented.',
      ),
    ).toBeTruthy();
  });

  it('shows the loading state, then the gateway error with its code, and retries', async () => {
    let fail = true;
    const { client, calls } = mockGraphql({
      Portal: (vars) =>
        fail
          ? { errors: [{ message: 'DataHub did not answer', extensions: { code: 'DATAHUB_UNAVAILABLE' } }] }
          : portalAnswer(vars),
    });
    renderWithApp(<Portal />, { client });
    expect(screen.getByRole('status').textContent).toMatch(/Loading the catalog/);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/DATAHUB_UNAVAILABLE: DataHub did not answer/);
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('article', { name: 'DataHub' })).toBeTruthy());
    expect(calls).toHaveLength(2);
  });
});
