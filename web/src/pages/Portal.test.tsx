// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, mockGraphql, renderWithApp } from '../test/harness';
import { AOV_URN, catalogSummary, CHURN_URN, goldDataset, REVENUE_URN } from '../test/fixtures';
import { datasetPath } from '../lib/format';
import { Portal } from './Portal';

afterEach(cleanup);

function portalAnswer(vars: Record<string, unknown>) {
  return {
    data: {
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

  it('asks a DA user only for what DA may see, and links only to their spoke', async () => {
    const { client, calls } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client, identity: { subject: 'ana', groups: ['da'], auth: 'api_key' } });
    const hub = await screen.findByRole('article', { name: 'DataHub' });
    expect(calls[0]?.variables).toEqual({ withDa: true, withDg: false });
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

  it('a user with neither DA nor DG is told where the counts come from, and nothing is asked', () => {
    const { client, calls } = mockGraphql({ Portal: portalAnswer });
    renderWithApp(<Portal />, { client, identity: { subject: 'ed', groups: ['de'], auth: 'api_key' } });
    expect(screen.getByText(/do not include/).textContent).toMatch(/DA search and the DG catalog summary/);
    expect(screen.getByRole('link', { name: 'Engineering' }).getAttribute('href')).toBe('/engineering');
    expect(calls).toHaveLength(0);
  });

  it('says when nothing needs attention', async () => {
    const { client } = mockGraphql({
      Portal: () => ({
        data: {
          catalogSummary,
          gold: {
            __typename: 'DatasetSearchResults',
            total: 1,
            results: [goldDataset(AOV_URN, 'a.gold.x', {})],
          },
        },
      }),
    });
    renderWithApp(<Portal />, { client, identity: ADMIN });
    expect(await screen.findByText(/Nothing: every gold table is on time and documented/)).toBeTruthy();
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
