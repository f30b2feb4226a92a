// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { datasetPath } from '../lib/format';
import { mockGraphql, renderWithApp } from '../test/harness';
import SearchPage from './SearchPage';

const ds = (region: string, table: string, description: string) => ({
  __typename: 'DatasetSearchResult',
  matchedFields: [
    { __typename: 'SearchMatch', name: 'name', value: `acme_dw.gold_${region}.${table}` },
    { __typename: 'SearchMatch', name: 'fieldPaths', value: 'net_revenue' },
  ],
  dataset: {
    __typename: 'Dataset',
    urn: `urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_${region}.${table},PROD)`,
    name: `acme_dw.gold_${region}.${table}`,
    platform: { __typename: 'DataPlatform', name: 'snowflake' },
    properties: { __typename: 'DatasetProperties', description },
    domain: null,
  },
});

const answer = () => ({
  data: {
    searchDatasets: {
      __typename: 'DatasetSearchResults',
      total: 3,
      results: [
        ds('us', 'daily_revenue_by_store', 'Net revenue per store and day.'),
        ds('eu', 'daily_revenue_by_store', 'Net revenue per store and day (EU).'),
        ds('us', 'revenue_by_channel', 'Revenue by sales channel.'),
      ],
    },
  },
});

/** The gateway without natural-language search: the page falls back to the keyword search. */
const nlUnavailable = () => ({
  errors: [
    {
      message: 'natural-language search is not configured on this server',
      extensions: { code: 'SEARCH_UNAVAILABLE' },
    },
  ],
  data: null,
});

function renderSearch(
  route = '/search',
  handlers: Parameters<typeof mockGraphql>[0] = { SearchDatasets: answer, NlSearch: nlUnavailable },
) {
  const mock = mockGraphql(handlers);
  renderWithApp(
    <Routes>
      <Route path="/search" element={<SearchPage />} />
    </Routes>,
    { client: mock.client, route },
  );
  return mock;
}

/** Types and lets the as-you-type pause pass. */
async function type(text: string) {
  fireEvent.change(screen.getByLabelText('What are you looking for?'), { target: { value: text } });
  await act(async () => {
    vi.advanceTimersByTime(300);
    await Promise.resolve();
  });
}

/** A link by its whole text: highlighted names are split into several elements. */
function link(text: string): HTMLElement {
  const found = screen.getAllByRole('link').find((a) => a.textContent === text);
  if (!found) throw new Error(`no link ${text}`);
  return found;
}

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('search page', () => {
  it('invites typing and sends nothing before', () => {
    const { calls } = renderSearch();
    expect(screen.getByText('Type a few words to search the catalog.')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('searches once typing pauses, not on every keystroke', async () => {
    const { calls } = renderSearch();
    fireEvent.change(screen.getByLabelText('What are you looking for?'), { target: { value: 'rev' } });
    fireEvent.change(screen.getByLabelText('What are you looking for?'), { target: { value: 'revenue' } });
    await type('revenue');
    await screen.findByText(/3 datasets/);
    expect(calls.filter((c) => c.operationName === 'SearchDatasets').map((c) => c.variables.query)).toEqual([
      'revenue',
    ]);
    expect(screen.getByText(/Natural-language search is not configured on this server/)).toBeTruthy();
  });

  it('highlights the evidence and groups near-duplicates under the best match', async () => {
    renderSearch();
    await type('revenue');
    expect(await screen.findByText(/3 datasets, 2 distinct tables/)).toBeTruthy();
    const first = link('acme_dw.gold_us.daily_revenue_by_store');
    expect(first.getAttribute('href')).toContain(
      datasetPath(
        'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_us.daily_revenue_by_store,PROD)',
      ),
    );
    expect(within(first).getByText('revenue').tagName).toBe('MARK');
    const card = first.closest('li')!;
    expect(within(card).getByText('1 near-duplicate: the same table elsewhere')).toBeTruthy();
    expect(card.contains(link('acme_dw.gold_eu.daily_revenue_by_store'))).toBe(true);
    expect(within(card).getAllByLabelText('Why it matched')[0]?.textContent).toMatch(
      /fieldPaths: net_revenue/,
    );
  });

  it('turns typed filters into removable chips and sends them as filters', async () => {
    const { calls } = renderSearch('/search?q=revenue%20platform:snowflake%20tag:Gold');
    await type('revenue platform:snowflake tag:Gold');
    const chips = await screen.findByRole('list', { name: 'Filters' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((c) => c.textContent),
    ).toEqual(['platform: snowflake×', 'tag: Gold×']);
    expect(calls.filter((c) => c.operationName === 'SearchDatasets').at(-1)?.variables).toMatchObject({
      query: 'revenue',
      filters: { platforms: ['snowflake'], tags: ['Gold'] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter platform snowflake' }));
    expect(screen.getByLabelText<HTMLInputElement>('What are you looking for?').value).toBe(
      'revenue tag:Gold',
    );
    await act(async () => {
      vi.advanceTimersByTime(300);
      await Promise.resolve();
    });
    await vi.waitFor(() => expect(calls.at(-1)?.variables).toMatchObject({ filters: { tags: ['Gold'] } }));
    expect(calls.at(-1)?.variables.filters).not.toHaveProperty('platforms');
  });

  it('says when nothing matches', async () => {
    const mock = mockGraphql({
      NlSearch: nlUnavailable,
      SearchDatasets: () => ({
        data: { searchDatasets: { __typename: 'DatasetSearchResults', total: 0, results: [] } },
      }),
    });
    renderWithApp(
      <Routes>
        <Route path="/search" element={<SearchPage />} />
      </Routes>,
      { client: mock.client, route: '/search' },
    );
    await type('zebra');
    expect(await screen.findByText('No dataset matches “zebra”.')).toBeTruthy();
  });
});

describe('natural-language search', () => {
  const C360_US = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_us.customer_360,PROD)';
  const C360_S3 = 'urn:li:dataset:(urn:li:dataPlatform:s3,acme-datalake/gold/us/customer_360,PROD)';
  const result = (urn: string, name: string, copies: string[]) => ({
    __typename: 'SearchResult',
    score: 1,
    dataset: { __typename: 'Dataset', urn, name },
    evidence: [{ __typename: 'SearchEvidence', kind: 'tag', target: 'PII', matched: 'PII' }],
    context: {
      __typename: 'SearchContext',
      platform: 'snowflake',
      layer: 'gold',
      description: 'One row per customer.',
      domain: null,
    },
    copies: copies.map((c) => ({
      __typename: 'SearchCopy',
      urn: c,
      platform: 's3',
      layer: 'gold',
      curated: false,
    })),
    curatedSource: copies.length ? urn : null,
    isCuratedSource: copies.length > 0,
  });
  /** Where the server says the words of a filter are in the question it answered. */
  const span = (query: string, matched: string) => {
    const start = query.indexOf(matched);
    return start < 0 ? null : { matched, start, end: start + matched.length };
  };
  /** What a question's words understood as: the tag PII asked for ("tagged PII"), the domain mentioned. */
  const nl = (variables: Record<string, unknown>) => {
    const query = String(variables.query);
    const tagged = span(query, 'tagged PII');
    const customer = span(query, 'customer');
    return {
      data: {
        search: {
          __typename: 'SearchResults',
          query,
          total: 2,
          warnings: [],
          understood: [
            ...(tagged
              ? [
                  {
                    __typename: 'SearchUnderstoodFilter',
                    kind: 'tag',
                    phrase: 'pii',
                    ...tagged,
                    explicit: true,
                    values: [{ __typename: 'SearchRef', urn: 'urn:li:tag:PII', name: 'PII' }],
                  },
                ]
              : []),
            ...(customer
              ? [
                  {
                    __typename: 'SearchUnderstoodFilter',
                    kind: 'domain',
                    phrase: 'customer',
                    ...customer,
                    explicit: false,
                    values: [
                      { __typename: 'SearchRef', urn: 'urn:li:domain:customer', name: 'Customer Data' },
                    ],
                  },
                ]
              : []),
          ],
          results: [
            result(C360_US, 'acme_dw.gold_us.customer_360', [C360_S3]),
            result(C360_S3, 'customer_360 (s3)', [C360_US]),
          ],
        },
      },
    };
  };

  it('shows the filters asked for and the labels only mentioned apart, evidence marked, copies folded', async () => {
    const mock = renderSearch('/search', { NlSearch: nl, SearchDatasets: answer });
    await type('customer tables tagged PII');
    const asked = await screen.findByRole(
      'list',
      { name: 'Filters from your question' },
      { timeout: 30_000 },
    );
    expect(within(asked).getByRole('listitem').textContent).toMatch(/tag: PII \(“tagged PII”\)/);
    const mentioned = screen.getByRole('list', { name: 'Mentioned in your question' });
    expect(within(mentioned).getByRole('listitem').textContent).toMatch(/domain\? Customer Data/);
    expect(mock.calls.at(-1)).toMatchObject({
      operationName: 'NlSearch',
      variables: { query: 'customer tables tagged PII' },
    });
    // Two results, one table: the copy is listed under the curated source, not as a second result.
    expect(screen.getAllByRole('link').filter((a) => a.classList.contains('result-title'))).toHaveLength(1);
    expect(screen.getByText(/1 copy of this table elsewhere · this is the curated source/)).toBeTruthy();
    expect(screen.getAllByLabelText('Why it matched')[0]?.querySelector('mark')?.textContent).toBe('PII');
    // Removing the chip takes its words out of the question, "tagged" with them.
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter tag pii' }));
    expect(screen.getByLabelText<HTMLInputElement>('What are you looking for?').value).toBe(
      'customer tables',
    );
    // A mentioned label is made a filter: typed into the box as a chip, sent as the caller's filter.
    fireEvent.click(await screen.findByRole('button', { name: 'Filter by domain Customer Data' }));
    expect(screen.getByLabelText<HTMLInputElement>('What are you looking for?').value).toBe(
      'customer tables domain:"Customer Data"',
    );
    await act(async () => {
      vi.advanceTimersByTime(300);
      await Promise.resolve();
    });
    await vi.waitFor(() =>
      expect(mock.calls.at(-1)?.variables).toMatchObject({ filters: { domains: ['Customer Data'] } }),
    );
    expect(mock.calls.some((c) => c.operationName === 'SearchDatasets')).toBe(false);
  });

  it('removing a filter chip removes the whole phrase that made it, where it was typed, chips kept', async () => {
    const mock = renderSearch('/search', { NlSearch: nl, SearchDatasets: answer });
    // "tagged PII" twice: the chip names the second (the first is inside a chip the box keeps).
    await type('tag:"tagged PII" customer orders tagged  PII,  daily platform:s3');
    expect(mock.calls.at(-1)?.variables).toMatchObject({ query: 'customer orders tagged PII, daily' });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Remove filter tag pii' }, { timeout: 30_000 }),
    );
    expect(screen.getByLabelText<HTMLInputElement>('What are you looking for?').value).toBe(
      'tag:"tagged PII" customer orders, daily platform:s3',
    );
  });

  it('reports an opened result for the search usage metrics, with the question asked', async () => {
    const mock = mockGraphql({
      NlSearch: nl,
      SearchDatasets: answer,
      RecordSearchClick: () => ({ data: { recordSearchClick: true } }),
    });
    renderWithApp(
      <Routes>
        <Route path="/search" element={<SearchPage />} />
        <Route path="/datasets/*" element={<p>dataset page</p>} />
      </Routes>,
      { client: mock.client, route: '/search' },
    );
    await type('customer tables tagged PII');
    const title = (await screen.findAllByRole('link')).find((a) => a.classList.contains('result-title'))!;
    expect(mock.calls.some((c) => c.operationName === 'RecordSearchClick')).toBe(false);
    fireEvent.click(title);
    await vi.waitFor(() =>
      expect(mock.calls.filter((c) => c.operationName === 'RecordSearchClick')).toEqual([
        expect.objectContaining({ variables: { question: 'customer tables tagged PII' } }),
      ]),
    );
  });
});
