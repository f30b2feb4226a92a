import { describe, expect, it } from 'vitest';
import type { CatalogView, DatasetView } from './catalog-view.js';
import { testDataset, testField } from './test-catalog.js';
import { copyKey, differences, similarGroups } from './similar-tables.js';
import { domainProposal, newTermProposals } from './taxonomy.js';

const field = testField;
const dataset = testDataset;

const catalogOf = (datasets: DatasetView[]): CatalogView => ({
  datasets: new Map(datasets.map((d) => [d.urn, d])),
  terms: [],
  domains: [{ urn: 'urn:li:domain:sales', name: 'Sales' }],
});

describe('domain proposals', () => {
  it('proposes the domain most lineage neighbours share, and nothing without a majority', () => {
    const a = dataset('orders', 'postgres', { domainUrn: 'urn:li:domain:sales' });
    const b = dataset('customers', 'postgres', { domainUrn: 'urn:li:domain:sales' });
    const c = dataset('stock', 'postgres', { domainUrn: 'urn:li:domain:ops' });
    const mart = dataset('sales_mart', 'snowflake', { upstreams: [a.urn, b.urn, c.urn] });
    const catalog = catalogOf([a, b, c, mart]);
    expect(domainProposal(mart, catalog, new Map())).toMatchObject({
      kind: 'domain',
      value: { domainUrn: 'urn:li:domain:sales', domainName: 'Sales' },
    });
    const split = dataset('mixed', 'snowflake', { upstreams: [a.urn, c.urn] });
    expect(domainProposal(split, catalogOf([a, c, split]), new Map())).toBeNull();
    expect(domainProposal({ ...mart, domainUrn: 'urn:li:domain:ops' }, catalog, new Map())).toBeNull();
  });
});

describe('new glossary terms', () => {
  it('proposes a term for a column name recurring in three tables with no term, copies counting once', () => {
    const tables = ['orders', 'returns', 'invoices'].map((n) =>
      dataset(n, 'postgres', {
        fields: [field('loyalty_tier', { description: 'Tier of the loyalty programme.' })],
      }),
    );
    const copy = dataset('orders', 'snowflake', { fields: [field('loyalty_tier')] });
    const [proposal, ...rest] = newTermProposals(catalogOf([...tables, copy]));
    expect(rest).toEqual([]);
    expect(proposal!.value).toMatchObject({
      kind: 'new_glossary_term',
      name: 'Loyalty Tier',
      definition: 'Tier of the loyalty programme.',
    });
    // Two tables and a copy are not enough; a term on one of them covers the name.
    expect(newTermProposals(catalogOf([tables[0]!, tables[1]!, copy]))).toEqual([]);
    const termed = dataset('x', 'postgres', {
      fields: [field('loyalty_tier', { termUrns: ['urn:li:glossaryTerm:t'] })],
    });
    expect(newTermProposals(catalogOf([...tables, termed]))).toEqual([]);
  });
});

describe('similar tables', () => {
  it('groups copies by name and lineage, and says how each differs', () => {
    const cols = ['order_id', 'amount', 'status'].map((c) => field(c));
    const src = dataset('orders', 'postgres', { fields: cols, ownerUrns: ['urn:li:corpuser:ann'] });
    const copy = dataset('stg_orders', 'snowflake', {
      fields: [...cols, field('loaded_at')],
      upstreams: [src.urn],
      layer: 'staging',
      deprecated: true,
    });
    const other = dataset('customers', 'postgres', { fields: [field('id'), field('email')] });
    expect(copyKey('stg_orders')).toBe('orders');
    const groups = similarGroups(catalogOf([src, copy, other]));
    expect(groups.map((g) => g.map((d) => d.name).sort())).toEqual([['orders', 'stg_orders']]);
    expect(differences(copy, [src])).toEqual([
      'Only this table has loaded_at.',
      'It is the snowflake copy.',
      'Layer: staging.',
      'It is deprecated.',
      'It is built from `orders` (postgres).',
    ]);
    expect(differences(src, [copy])).toContain('Owned by ann.');
  });
});
