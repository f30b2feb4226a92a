// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../../../test/harness';
import GovernanceOverview from '.';

afterEach(cleanup);

const GOLD = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,dw.gold.fct_orders,PROD)';
const SILVER = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,dw.silver.stg_orders,PROD)';
const SALES = 'urn:li:domain:sales';

const medallion = {
  __typename: 'Overview',
  datasets: 2,
  truncated: 0,
  domain: null,
  flows: {
    __typename: 'LayerFlows',
    nodes: [
      { __typename: 'LayerFlowNode', layer: 'silver', count: 1 },
      { __typename: 'LayerFlowNode', layer: 'gold', count: 1 },
    ],
    links: [{ __typename: 'LayerFlowLink', from: 'silver', to: 'gold', count: 1, direction: 'FORWARD' }],
  },
  smells: [
    {
      __typename: 'LayerSmell',
      kind: 'DASHBOARD_ON_NON_GOLD',
      datasetUrn: SILVER,
      related: ['urn:li:chart:(looker,1)'],
      detail: '1 chart(s) or dashboard(s) read silver stg_orders',
    },
  ],
  nodes: [
    {
      __typename: 'OverviewNode',
      id: GOLD,
      kind: 'DATASET',
      label: 'fct_orders',
      urn: GOLD,
      layer: 'GOLD',
      confidence: 0.9,
    },
    {
      __typename: 'OverviewNode',
      id: SILVER,
      kind: 'DATASET',
      label: 'stg_orders',
      urn: SILVER,
      layer: 'SILVER',
      confidence: 0.6,
    },
  ],
  layers: [
    {
      __typename: 'LayerJudgement',
      datasetUrn: GOLD,
      layer: 'GOLD',
      confidence: 0.9,
      evidence: [{ __typename: 'LayerEvidence', signal: 'name', detail: 'name word "fct"' }],
    },
    {
      __typename: 'LayerJudgement',
      datasetUrn: SILVER,
      layer: 'SILVER',
      confidence: 0.6,
      evidence: [{ __typename: 'LayerEvidence', signal: 'container', detail: 'container word "silver"' }],
    },
  ],
};

const taxonomy = {
  __typename: 'Overview',
  datasets: 2,
  truncated: 0,
  nodes: [
    {
      __typename: 'OverviewNode',
      id: 'urn:li:glossaryTerm:pii',
      kind: 'GLOSSARY_TERM',
      label: 'PII',
      urn: 'urn:li:glossaryTerm:pii',
      group: null,
      size: 1,
    },
    {
      __typename: 'OverviewNode',
      id: GOLD,
      kind: 'DATASET',
      label: 'fct_orders',
      urn: GOLD,
      group: SALES,
      size: 1,
    },
    {
      __typename: 'OverviewNode',
      id: 'topic:1',
      kind: 'TOPIC',
      label: 'payment · refund',
      urn: null,
      group: 'topic:1',
      size: 1,
    },
  ],
  edges: [{ __typename: 'OverviewEdge', source: GOLD, target: 'urn:li:glossaryTerm:pii', kind: 'HAS_TERM' }],
  groups: [
    {
      __typename: 'OverviewGroup',
      id: 'topic:1',
      kind: 'TOPIC',
      label: 'payment · refund',
      members: 1,
      suggested: true,
      words: ['payment', 'refund'],
    },
  ],
};

function mocks() {
  return mockGraphql({
    OverviewDomains: () => ({
      data: {
        catalogSummary: {
          __typename: 'CatalogSummary',
          byDomain: [
            { __typename: 'CatalogCount', key: SALES, name: 'Sales', count: 2 },
            { __typename: 'CatalogCount', key: null, name: null, count: 1 },
          ],
        },
      },
    }),
    MedallionOverview: () => ({ data: { overview: medallion } }),
    TaxonomyOverview: () => ({ data: { overview: taxonomy } }),
  });
}

describe('governance overview', () => {
  it('lists the smells and each dataset with its inferred layer, confidence and evidence, linked to its page', async () => {
    const { client } = mocks();
    renderWithApp(<GovernanceOverview />, { client, route: '/governance' });
    const smells = await screen.findByRole('list', { name: 'Smells' }, { timeout: 10_000 });
    expect(within(smells).getByText('Dashboard on a non-gold table')).toBeTruthy();
    expect(within(smells).getByRole('link', { name: 'stg_orders' }).getAttribute('href')).toContain(
      encodeURIComponent(SILVER),
    );
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent))).toEqual([
      ['fct_orders', 'gold', '90%', 'name word "fct"'],
      ['stg_orders', 'silver', '60%', 'container word "silver"'],
    ]);
    fireEvent.change(screen.getByLabelText('Layer'), { target: { value: 'gold' } });
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2);
  });

  it('zooms to a domain and switches to the taxonomy with its suggested topics', async () => {
    const { client, calls } = mocks();
    renderWithApp(<GovernanceOverview />, { client, route: '/governance' });
    await screen.findByRole('list', { name: 'Smells' }, { timeout: 10_000 });
    const select = screen.getByLabelText('Domain');
    await within(select).findByRole('option', { name: 'Sales' }, { timeout: 10_000 });
    fireEvent.change(select, { target: { value: SALES } });
    await expect
      .poll(() => calls.filter((c) => c.operationName === 'MedallionOverview').at(-1)?.variables)
      .toEqual({
        domain: SALES,
      });
    fireEvent.click(screen.getByRole('button', { name: 'Taxonomy' }));
    const topics = await screen.findByRole('list', { name: 'Suggested topics' }, { timeout: 10_000 });
    expect(topics.textContent).toContain('payment · refund');
    expect(calls.find((c) => c.operationName === 'TaxonomyOverview')?.variables).toEqual({ domain: SALES });
  });
});
