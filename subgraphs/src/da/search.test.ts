import { graphql } from 'graphql';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- GraphQL results are untyped JSON here; the assertions check their shape */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import type { NlSearchDeps } from '@dataspoke/domain/da/nl-search';
import { DatasetSearchIndexer } from '@dataspoke/domain/shared/dataset-search-index';
import { MiniLmEmbedder } from '@dataspoke/domain/adapters/search/minilm-embedder';
import { PgSearchDocuments } from '@dataspoke/domain/adapters/search/pg-documents';
import { PgVectorIndex } from '@dataspoke/domain/adapters/search/pg-vector-index';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { createSubgraphContext } from '../context.js';
import { openDemoHub, type DemoHub } from '../testing/demo-hub.js';
import { buildDaSubgraph } from './index.js';

/** Query.search and sqlContext over the demo catalog (first replica) indexed with the real MiniLM and pgvector. */

const ANALYST: Identity = { subject: 'ana', groups: ['da'], via: 'api_key' };

describe('da subgraph: natural-language search and SQL context (demo catalog, PGlite + pgvector)', () => {
  let demo: DemoHub;
  let search: NlSearchDeps;
  const embedder = new MiniLmEmbedder({ threads: 2 });
  const schema = buildDaSubgraph();

  const run = (source: string, variableValues?: Record<string, unknown>, withSearch = true) =>
    graphql({
      schema,
      source,
      variableValues,
      contextValue: { ...createSubgraphContext(demo.port, ANALYST), search: withSearch ? search : null },
    });

  beforeAll(async () => {
    demo = await openDemoHub(storeKinds()[0]!, { datasets: 160, historyDays: 3 });
    const vectors = new PgVectorIndex(demo.store, embedder.dimensions);
    search = { documents: new PgSearchDocuments(demo.store), embedder, vectors };
    const report = await new DatasetSearchIndexer({ hub: demo.port, ...search }).reindexAll();
    expect(report.warnings).toEqual([]);
    expect(report.indexed).toBe(160);
  }, 240_000);
  afterAll(async () => {
    await embedder.close();
    await demo?.dispose();
  });

  const SEARCH = `query ($q: String!, $filters: SearchFilters, $limit: Int) {
    search(query: $q, filters: $filters, limit: $limit) {
      query total warnings understood { kind phrase matched start end explicit values { name } }
      results {
        dataset { urn } score lexicalRank denseRank isCuratedSource curatedSource
        evidence { kind target matched }
        context { name platform layer lastUpdated deprecated owners { name } domain { name } tags { name } dashboards { name } upstreams { urn } }
        copies { urn platform layer curated }
      }
    }
  }`;

  it('"daily revenue by store" finds the gold table, with its dashboards, owners, layer and freshness', async () => {
    const r = await run(SEARCH, { q: 'daily revenue by store', limit: 5 });
    expect(r.errors).toBeUndefined();
    const top = (r.data as any).search.results[0];
    expect(top.context.name).toMatch(/daily_revenue_by_store/);
    expect(top.context.layer).toBe('gold');
    expect(top.context.dashboards.length).toBeGreaterThan(0);
    expect(top.context.owners.length).toBeGreaterThan(0);
    expect(top.context.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(top.score).toBe(1);
    expect(top.evidence.map((e: { kind: string }) => e.kind)).toContain('name');
  });

  it('"find PII tables used by marketing" keeps what marketing uses and ranks the PII ones first', async () => {
    const r = await run(SEARCH, { q: 'find PII tables used by marketing', limit: 20 });
    expect(r.errors).toBeUndefined();
    const s = (r.data as any).search;
    expect(s.understood.map((u: { kind: string; explicit: boolean }) => [u.kind, u.explicit]).sort()).toEqual(
      [
        ['tag', false],
        ['usedBy', true],
      ],
    );
    expect(s.results.length).toBeGreaterThan(0);
    const pii: boolean[] = s.results.map((hit: { context: { tags: { name: string }[] } }) =>
      hit.context.tags.some((t) => t.name === 'PII'),
    );
    // The mentioned tag is evidence: those that carry it rank higher, and the others are not removed.
    expect(pii[0]).toBe(true);
    expect(pii).toContain(false);
    const share = (hits: boolean[]) => hits.filter((p) => p).length / hits.length;
    expect(share(pii.slice(0, 5))).toBeGreaterThan(share(pii));
    for (const hit of s.results)
      // Read by a marketing dashboard, or upstream of a table that is.
      expect(hit.evidence.map((e: { kind: string }) => e.kind)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(dashboard|lineage)$/)]),
      );
  });

  it('"tables tagged PII used by marketing" keeps only what carries the tag', async () => {
    const r = await run(SEARCH, { q: 'tables tagged PII used by marketing', limit: 20 });
    expect(r.errors).toBeUndefined();
    const s = (r.data as any).search;
    expect(s.understood.every((u: { explicit: boolean }) => u.explicit)).toBe(true);
    // Each filter points at all the words that made it, so that a client can take them out of the question.
    type Span = { kind: string; matched: string; start: number; end: number };
    const query = s.query as string;
    const spans = (s.understood as Span[]).map((u) => [u.kind, u.matched, query.slice(u.start, u.end)]);
    expect(spans.sort()).toEqual([
      ['tag', 'tagged PII', 'tagged PII'],
      ['usedBy', 'used by marketing', 'used by marketing'],
    ]);
    expect(s.results.length).toBeGreaterThan(0);
    for (const hit of s.results)
      expect(hit.context.tags.map((t: { name: string }) => t.name)).toContain('PII');
  });

  it('"which table has customer email addresses" shows the email field as evidence and the curated copy', async () => {
    const r = await run(SEARCH, { q: 'which table has customer email addresses', limit: 5 });
    expect(r.errors).toBeUndefined();
    const results = (r.data as any).search.results;
    expect(results[0].evidence).toContainEqual(
      expect.objectContaining({ kind: 'field', target: expect.stringMatching(/email/) }),
    );
  });

  it('among copies of one table (source, raw landing, cleaned model) names the curated source', async () => {
    const r = await run(SEARCH, { q: 'customers', limit: 10 });
    expect(r.errors).toBeUndefined();
    const results = (r.data as any).search.results;
    const copies = results.filter((h: { context: { name: string } }) =>
      /(^|\.)customers$/.test(h.context.name),
    );
    expect(copies.length).toBeGreaterThan(1);
    const curated = copies[0].curatedSource;
    expect(copies.every((h: { curatedSource: string }) => h.curatedSource === curated)).toBe(true);
    const source = copies.find((h: { dataset: { urn: string } }) => h.dataset.urn === curated);
    expect(source.isCuratedSource).toBe(true);
    expect(source.context.layer).toBe('silver');
    expect(copies.map((h: { context: { platform: string } }) => h.context.platform)).toContain(
      source.context.platform,
    );
  });

  it.each([
    ['an empty query', { q: '' }, 'INVALID_QUERY'],
    ['a 10,000-character query', { q: 'revenue '.repeat(1250) }, 'INVALID_QUERY'],
    ['limit 0', { q: 'orders', limit: 0 }, 'INVALID_LIMIT'],
    ['limit 500', { q: 'orders', limit: 500 }, 'INVALID_LIMIT'],
    ['an unknown domain', { q: 'orders', filters: { domains: ['Astrology'] } }, 'UNKNOWN_FILTER_VALUE'],
  ])('refuses %s as BAD_USER_INPUT', async (_label, variables, code) => {
    const r = await run(SEARCH, variables);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code, category: 'BAD_USER_INPUT' });
    expect(r.errors?.[0]?.message.length).toBeGreaterThan(10);
  });

  it('Query.sqlContext and Dataset.sqlContext give tables, columns and a prompt block within the budget', async () => {
    const r = await run(`{ sqlContext(question: "daily revenue by store and region", tokenBudget: 800) {
      tokens tokenBudget text tables { name grain columns { name type primaryKey } dataset { urn } } joins { left right } } }`);
    expect(r.errors).toBeUndefined();
    const c = (r.data as any).sqlContext;
    expect(c.tables.length).toBeGreaterThan(0);
    expect(c.tokens).toBeLessThanOrEqual(800);
    expect(c.text).toContain(c.tables[0].columns[0].name);
    const urn = c.tables[0].dataset.urn;
    const d = await run(
      `query ($urn: String!) { _entities(representations: [{ __typename: "Dataset", urn: $urn }]) {
      ... on Dataset { sqlContext(tokenBudget: 400) { tables { dataset { urn } } tokens } } } }`,
      { urn },
    );
    expect(d.errors).toBeUndefined();
    expect((d.data as any)._entities[0].sqlContext.tables[0].dataset.urn).toBe(urn);
    const bad = await run('{ sqlContext(question: "x", tokenBudget: 5) { tokens } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TOKEN_BUDGET' });
  });

  it('says SEARCH_UNAVAILABLE when the server runs without the search index', async () => {
    const r = await run('{ search(query: "orders") { total } }', undefined, false);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'SEARCH_UNAVAILABLE' });
  });
});
