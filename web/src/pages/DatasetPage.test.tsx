// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '../lib/format';
import { resetWebConfig } from '../lib/webConfig';
import { REVENUE_URN } from '../test/fixtures';
import { mockGraphql, renderWithApp, type Handler } from '../test/harness';
import DatasetPage from './DatasetPage';

const ORDERS_URN = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.silver_us.orders_enriched,PROD)';
const BRONZE_URN = 'urn:li:dataset:(urn:li:dataPlatform:s3,acme-datalake/bronze/us/shop/orders,PROD)';

const dataset = () => ({
  __typename: 'Dataset',
  urn: REVENUE_URN,
  name: 'acme_dw.gold_us.daily_revenue_by_store',
  platform: { __typename: 'DataPlatform', name: 'snowflake', properties: null },
  subTypes: { __typename: 'SubTypes', typeNames: ['Table'] },
  properties: {
    __typename: 'DatasetProperties',
    description: 'Net revenue, orders and units per store and day.',
    qualifiedName: 'acme_dw.gold_us.daily_revenue_by_store',
    externalUrl: null,
    customProperties: [{ __typename: 'CustomPropertiesEntry', key: 'layer', value: 'gold' }],
  },
  editableProperties: null,
  deprecation: null,
  tags: {
    __typename: 'GlobalTags',
    tags: [
      {
        __typename: 'TagAssociation',
        tag: {
          __typename: 'Tag',
          urn: 'urn:li:tag:Gold',
          properties: { __typename: 'TagProperties', name: 'Gold', colorHex: '#FFD700' },
        },
      },
    ],
  },
  glossaryTerms: {
    __typename: 'GlossaryTerms',
    terms: [
      {
        __typename: 'GlossaryTermAssociation',
        term: {
          __typename: 'GlossaryTerm',
          urn: 'urn:li:glossaryTerm:BusinessMetrics.NetRevenue',
          properties: {
            __typename: 'GlossaryTermProperties',
            name: 'Net Revenue',
            definition: 'Revenue after discounts.',
          },
        },
      },
    ],
  },
  domain: {
    __typename: 'DomainAssociation',
    domain: {
      __typename: 'Domain',
      urn: 'urn:li:domain:sales',
      properties: { __typename: 'DomainProperties', name: 'Sales' },
    },
  },
  ownership: {
    __typename: 'Ownership',
    owners: [
      {
        __typename: 'Owner',
        type: 'TECHNICAL_OWNER',
        owner: {
          __typename: 'CorpUser',
          urn: 'urn:li:corpuser:daniel.kim',
          username: 'daniel.kim',
          properties: { __typename: 'CorpUserProperties', displayName: 'Daniel Kim' },
        },
      },
      {
        __typename: 'Owner',
        type: 'BUSINESS_OWNER',
        owner: {
          __typename: 'CorpGroup',
          urn: 'urn:li:corpGroup:sales-analytics',
          name: 'sales-analytics',
          properties: { __typename: 'CorpGroupProperties', displayName: 'Sales Analytics' },
        },
      },
    ],
  },
  schemaMetadata: {
    __typename: 'SchemaMetadata',
    primaryKeys: ['store_id'],
    fields: [
      field('store_id', 'NUMBER(38,0)', 'Identifier of the store.'),
      field('region', 'VARCHAR', null),
      field('net_revenue', 'NUMBER(12,2)', 'Revenue after discounts.'),
    ],
  },
  editableSchemaMetadata: {
    __typename: 'EditableSchemaMetadata',
    editableSchemaFieldInfo: [
      {
        __typename: 'EditableSchemaFieldInfo',
        fieldPath: 'net_revenue',
        description: 'Edited in DataHub: net of refunds.',
      },
    ],
  },
  freshness: {
    __typename: 'DatasetFreshness',
    status: 'LATE',
    lastUpdatedAt: Date.UTC(2026, 10, 20, 5, 4),
    expectedNextUpdateAt: Date.UTC(2026, 10, 21, 5, 4),
    lateBySeconds: 68_371,
    toleranceSeconds: 21_595,
    updatesObserved: 118,
    cadence: { __typename: 'UpdateCadence', label: 'DAILY', seconds: 86_382 },
  },
  documentationCoverage: {
    __typename: 'DocumentationCoverage',
    ratio: 0.75,
    tableDocumented: true,
    fieldsDocumented: 2,
    fieldsTotal: 3,
  },
});

function field(fieldPath: string, nativeDataType: string, description: string | null) {
  return {
    __typename: 'SchemaField',
    fieldPath,
    type: 'NUMBER',
    nativeDataType,
    description,
    nullable: true,
    isPartOfKey: false,
    tags: null,
    glossaryTerms: null,
  };
}

const hop = (urn: string, relationships: unknown[]) => ({
  data: {
    dataset: {
      __typename: 'Dataset',
      urn,
      lineage: { __typename: 'EntityLineageResult', total: relationships.length, relationships },
    },
  },
});
const datasetRel = (urn: string, name: string, platform: string) => ({
  __typename: 'LineageRelationship',
  type: 'DownstreamOf',
  entity: {
    __typename: 'Dataset',
    urn,
    type: 'DATASET',
    name,
    platform: { __typename: 'DataPlatform', name: platform },
  },
});

const lineage: Handler = (vars) => {
  if (vars.urn === REVENUE_URN && vars.direction === 'UPSTREAM') {
    return hop(REVENUE_URN, [datasetRel(ORDERS_URN, 'acme_dw.silver_us.orders_enriched', 'snowflake')]);
  }
  if (vars.urn === REVENUE_URN && vars.direction === 'DOWNSTREAM') {
    return hop(REVENUE_URN, [
      {
        __typename: 'LineageRelationship',
        type: 'Consumes',
        entity: {
          __typename: 'Dashboard',
          urn: 'urn:li:dashboard:(looker,exec)',
          type: 'DASHBOARD',
          properties: { __typename: 'DashboardProperties', name: 'Executive Sales Overview' },
        },
      },
    ]);
  }
  if (vars.urn === ORDERS_URN && vars.direction === 'UPSTREAM') {
    return hop(ORDERS_URN, [datasetRel(BRONZE_URN, 'acme-datalake/bronze/us/shop/orders', 's3')]);
  }
  return hop(String(vars.urn), []);
};

const validation = {
  __typename: 'DatasetValidation',
  runId: null,
  datasetUrn: REVENUE_URN,
  asOf: Date.UTC(2026, 10, 26),
  validatedAt: Date.UTC(2026, 10, 26),
  dryRun: false,
  status: 'FAIL',
  needed: [],
  issues: [
    {
      __typename: 'ValidationIssue',
      check: 'FRESHNESS',
      metric: 'freshness',
      severity: 'FAIL',
      observed: 43.27,
      expectedLow: 0,
      expectedHigh: 29.99,
      anomalyScore: null,
      explanation: 'last updated 43.3 h ago; an update was due by 30.0 h.',
      relatedUrn: null,
    },
  ],
  checks: [
    { __typename: 'ValidationCheck', check: 'FRESHNESS', status: 'FAIL', detail: 'cadence daily, late' },
  ],
  recommendations: ['Check the warehouse lock on the nightly load.'],
  alternatives: [],
};

const historyRun = (asOf: number, status: string, observed: number | null) => ({
  __typename: 'DatasetValidation',
  runId: `run-${asOf}`,
  asOf,
  validatedAt: asOf,
  status,
  issues:
    observed == null
      ? []
      : [
          {
            __typename: 'ValidationIssue',
            metric: 'rowCount',
            severity: 'FAIL',
            observed,
            expectedLow: 30_000,
            expectedHigh: 40_000,
            relatedUrn: null,
          },
        ],
});
const history = [
  historyRun(Date.UTC(2026, 10, 25), 'FAIL', 14_215),
  historyRun(Date.UTC(2026, 10, 24), 'PASS', null),
];

const sqlContext = {
  __typename: 'SqlContext',
  text: 'TABLE acme_dw.gold_us.daily_revenue_by_store -- one row per store and day',
  tokens: 20,
  tokenBudget: 1500,
  warnings: [],
  tables: [
    {
      __typename: 'SqlContextTable',
      name: 'daily_revenue_by_store',
      grain: 'store_id, order_date',
      caveats: [],
    },
  ],
};

const similarTables = {
  __typename: 'DocSuggestion',
  id: 's1',
  kind: 'SIMILAR_TABLES',
  status: 'PENDING',
  datasetUrn: REVENUE_URN,
  fieldPath: null,
  text: 'Similar tables: `daily_revenue_by_store` (bigquery). Only this table has refunds.',
  termName: null,
  domainName: null,
  upstreamFields: null,
  transformOperation: null,
  confidence: 0.6,
  phrasedBy: 'DETERMINISTIC',
  staleReason: null,
  writtenText: null,
  evidence: [
    {
      __typename: 'DocEvidence',
      kind: 'schema_overlap',
      detail: '90% of columns shared',
      urn: null,
      fieldPath: null,
    },
  ],
};

function renderPage(
  handlers: Record<string, Handler>,
  identity?: Parameters<typeof renderWithApp>[1]['identity'],
) {
  const mock = mockGraphql({
    LineageHop: lineage,
    CurrentValidation: () => ({ data: { dataset: { __typename: 'Dataset', urn: REVENUE_URN, validation } } }),
    ValidationHistory: () => ({
      data: { validationHistory: { __typename: 'ValidationHistory', totalCount: 2, runs: history } },
    }),
    DatasetSqlContext: () => ({
      data: { dataset: { __typename: 'Dataset', urn: REVENUE_URN, sqlContext } },
    }),
    DatasetDocSuggestions: () => ({
      data: { dataset: { __typename: 'Dataset', urn: REVENUE_URN, docSuggestions: [similarTables] } },
    }),
    ...handlers,
  });
  renderWithApp(
    <Routes>
      <Route path="/datasets/:urn" element={<DatasetPage />} />
    </Routes>,
    { client: mock.client, route: datasetPath(REVENUE_URN), ...(identity && { identity }) },
  );
  return mock;
}

beforeEach(() => {
  resetWebConfig();
  vi.stubGlobal(
    'fetch',
    vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify({ datahubUiUrl: 'https://datahub.acme.test' }), { status: 200 }),
      ),
    ),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('dataset page', () => {
  it('answers what a user asks in one place: description, owners, domain, tags, terms, freshness', async () => {
    const { calls } = renderPage({ DatasetPage: () => ({ data: { dataset: dataset() } }) });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'acme_dw.gold_us.daily_revenue_by_store' }),
    ).toBeTruthy();
    expect(calls.find((c) => c.operationName === 'DatasetPage')?.variables).toEqual({ urn: REVENUE_URN });
    const about = screen.getByRole('region', { name: 'About' });
    expect(within(about).getByText('Net revenue, orders and units per store and day.')).toBeTruthy();
    expect(within(about).getByText('Daniel Kim').parentElement?.textContent).toMatch(/technical owner/);
    expect(within(about).getByText(/Sales Analytics \(group\)/)).toBeTruthy();
    expect(within(about).getByText('Gold')).toBeTruthy();
    expect(within(about).getByText('Net Revenue').getAttribute('title')).toBe('Revenue after discounts.');
    expect(within(about).getByText('Sales')).toBeTruthy();
    const health = screen.getByRole('region', { name: 'Health' });
    expect(health.textContent).toMatch(/Freshness: late by 19 h/);
    expect(health.textContent).toMatch(/daily \(every 24 h\)/);
    expect(health.textContent).toMatch(/Documentation: 75%/);
    // How it differs from its near-duplicates, proposed as a description addendum, with accept and reject.
    const docs = screen.getByRole('region', { name: 'Documentation suggestions' });
    expect(await within(docs).findByText(/Only this table has refunds\./)).toBeTruthy();
    expect(within(docs).getByRole('button', { name: 'Accept' })).toBeTruthy();
  });

  it('shows the schema with field docs, DataHub edits taking precedence, and filters fields', async () => {
    renderPage({ DatasetPage: () => ({ data: { dataset: dataset() } }) });
    const schema = await screen.findByRole('region', { name: 'Schema' });
    const row = (name: string) => within(schema).getByText(name).closest('tr')!;
    expect(row('net_revenue').textContent).toMatch(/Edited in DataHub: net of refunds\./);
    expect(row('region').textContent).toMatch(/undocumented/);
    expect(row('store_id').textContent).toMatch(/key/);
    fireEvent.change(within(schema).getByLabelText('Filter fields'), { target: { value: 'revenue' } });
    expect(within(schema).getAllByRole('row')).toHaveLength(2); // header + net_revenue
    expect(within(schema).getByText('1 of 3 fields')).toBeTruthy();
  });

  it("links to the dataset in DataHub's own UI when it is configured", async () => {
    renderPage({ DatasetPage: () => ({ data: { dataset: dataset() } }) });
    const link = await screen.findByRole('link', { name: /Open in DataHub/ });
    expect(link.getAttribute('href')).toBe(
      `https://datahub.acme.test/dataset/${encodeURIComponent(REVENUE_URN)}`,
    );
  });

  it('draws lineage both ways and expands a dataset upstream on demand', async () => {
    const { calls } = renderPage({ DatasetPage: () => ({ data: { dataset: dataset() } }) });
    const section = await screen.findByRole('region', { name: 'Lineage' });
    const upstream = await within(section).findByRole('link', { name: 'orders_enriched' }, { timeout: 5000 });
    expect(upstream.getAttribute('href')).toBe(datasetPath(ORDERS_URN));
    const list = section.querySelector<HTMLElement>('.lineage-list')!;
    expect(within(list).getByText('Executive Sales Overview').parentElement?.textContent).toMatch(
      /1 down · dashboard/,
    );
    // The same nodes are drawn in the graph.
    expect(
      within(section.querySelector<HTMLElement>('.lineage-canvas')!).getByText('Executive Sales Overview'),
    ).toBeTruthy();
    expect(within(section).getByRole('figure', { name: 'Lineage graph' })).toBeTruthy();
    // A dashboard has no lineage of its own here: only datasets can be expanded.
    expect(within(section).getAllByRole('button', { name: /expand/ })).toHaveLength(1);
    fireEvent.click(within(section).getByRole('button', { name: 'expand upstream' }));
    const bronze = await within(section).findByRole('link', { name: 'orders' });
    expect(bronze.parentElement?.textContent).toMatch(/2 up · s3/);
    expect(calls.filter((c) => c.operationName === 'LineageHop').map((c) => c.variables)).toContainEqual({
      urn: ORDERS_URN,
      direction: 'UPSTREAM',
    });
  });

  it('shows the validation status with observed against expected, and the history for DE', async () => {
    const { calls } = renderPage({ DatasetPage: () => ({ data: { dataset: dataset() } }) });
    const section = await screen.findByRole('region', { name: 'Validation' });
    await within(section).findByText('last updated 43.3 h ago; an update was due by 30.0 h.');
    expect(section.querySelector('.pill-bad')?.textContent).toBe('fail');
    expect(section.textContent).toMatch(/freshness.*observed 43\.27, expected 0 – 29\.99/);
    expect(section.textContent).toMatch(/Check the warehouse lock/);
    const validatorLink = within(section).getByRole('link', { name: /in the validator/ });
    expect(validatorLink.getAttribute('href')).toBe(`/engineering?urn=${encodeURIComponent(REVENUE_URN)}`);
    // The history, newest first in its table, with the expected band of the flagged metric.
    const table = await within(section).findByText(/Runs as a table \(2\)/);
    const rows = within(table.parentElement!).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '2026-11-25 00:00:00 UTCfail1421530000.00 – 40000.00',
      '2026-11-24 00:00:00 UTCpass——',
    ]);
    expect(calls.find((c) => c.operationName === 'ValidationHistory')?.variables).toEqual({
      urn: REVENUE_URN,
      limit: 100,
    });
  });

  it('a user without DE sees the validation status but asks for no history (a DE root field)', async () => {
    const { calls } = renderPage(
      { DatasetPage: () => ({ data: { dataset: dataset() } }) },
      { subject: 'ana', groups: ['da'], auth: 'api_key' },
    );
    const section = await screen.findByRole('region', { name: 'Validation' });
    await within(section).findByText(/belong to the DE spoke/);
    await within(section).findByText('cadence daily, late');
    expect(calls.map((c) => c.operationName)).not.toContain('ValidationHistory');
  });

  it('copies the SQL context to the clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderPage({ DatasetPage: () => ({ data: { dataset: dataset() } }) });
    const section = await screen.findByRole('region', { name: 'SQL context' });
    fireEvent.click(await within(section).findByRole('button', { name: 'Copy to clipboard' }));
    await within(section).findByText('Copied.');
    expect(writeText).toHaveBeenCalledWith(sqlContext.text);
  });

  it('says the SQL context is not available when the gateway has no search configured', async () => {
    renderPage({
      DatasetPage: () => ({ data: { dataset: dataset() } }),
      DatasetSqlContext: () => ({
        errors: [
          {
            message: 'natural-language search is not configured on this server',
            extensions: { code: 'SEARCH_UNAVAILABLE' },
          },
        ],
        data: { dataset: null },
      }),
    });
    const section = await screen.findByRole('region', { name: 'SQL context' });
    expect(
      (await within(section).findByText(/is not available from this gateway yet/)).textContent,
    ).toBeTruthy();
    expect(section.textContent).toMatch(/not configured on this server/);
    // The rest of the page is unaffected.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'acme_dw.gold_us.daily_revenue_by_store',
    );
  });

  it('says so when DataHub does not know the dataset', async () => {
    renderPage({ DatasetPage: () => ({ data: { dataset: null } }) });
    expect(await screen.findByRole('heading', { name: 'Dataset not found' })).toBeTruthy();
    expect(screen.getByText(REVENUE_URN)).toBeTruthy();
  });

  it('shows an error with its code and retries', async () => {
    let fail = true;
    renderPage({
      DatasetPage: () =>
        fail
          ? { errors: [{ message: 'hub down', extensions: { code: 'DATAHUB_UNAVAILABLE' } }] }
          : { data: { dataset: dataset() } },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/DATAHUB_UNAVAILABLE: hub down/);
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
        'acme_dw.gold_us.daily_revenue_by_store',
      ),
    );
  });
});
