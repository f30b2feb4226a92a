// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../test/harness';
import { catalogSummary, MARKETING_DOMAIN_URN } from '../test/fixtures';
import GovernancePage from './GovernancePage';

afterEach(cleanup);

const rowsOf = async (title: string) => {
  const table = await within(await screen.findByRole('region', { name: title })).findByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]);
};

describe('governance: the catalog summary', () => {
  it('shows domains and platforms by their names, not their urns', async () => {
    const { client } = mockGraphql({ CatalogSummary: () => ({ data: { catalogSummary } }) });
    renderWithApp(<GovernancePage />, { client, route: '/governance' });
    expect(await rowsOf('By domain')).toEqual([
      ['E-Commerce', '200'],
      ['Marketing', '100'],
      ['no domain', '20'],
    ]);
    expect((await rowsOf('By platform')).map(([name]) => name)).toEqual(['Snowflake', 'AWS S3', 'MySQL']);
    expect((await rowsOf('By layer')).map(([name]) => name)).toEqual(['no layer', 'silver', 'gold']);
  });

  it("falls back to the urn's id for a key the server sent no name for", async () => {
    const unnamed = {
      ...catalogSummary,
      byDomain: [{ __typename: 'CatalogCount', key: MARKETING_DOMAIN_URN, name: null, count: 320 }],
    };
    const { client } = mockGraphql({ CatalogSummary: () => ({ data: { catalogSummary: unnamed } }) });
    renderWithApp(<GovernancePage />, { client, route: '/governance' });
    expect(await rowsOf('By domain')).toEqual([['b2fd91.e0f246dc-e7a5-40ed-9441-1e397ed6e2ad', '320']]);
  });
});
