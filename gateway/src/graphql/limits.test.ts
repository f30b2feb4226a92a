import { OPEN_IDENTITY } from '@dataspoke/domain/auth/identity';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import { startGateway, type FederatedGraphql } from './gateway.js';

/** A hub that knows nothing: these tests are about what is refused before anything runs. */
const emptyHub = {
  kind: 'embedded',
  getDatasets: () => Promise.resolve(new Map()),
  getEntities: () => Promise.resolve(new Map()),
  getLineage: () => Promise.resolve(new Map()),
  getOperations: () => Promise.resolve(new Map()),
  search: () => Promise.resolve({ start: 0, count: 0, total: 0, hits: [], facets: [] }),
  scrollDatasets: () => Promise.resolve({ nextScrollId: null, total: 0, datasets: [] }),
} as unknown as HubPort;

describe('gateway query size, depth, breadth and cost limits', () => {
  let graphql: FederatedGraphql;
  const execute = async (query: string, variables?: Record<string, unknown>) => {
    const res = await graphql.server.executeOperation(
      { query, variables },
      { contextValue: graphql.context(OPEN_IDENTITY) },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { status: res.http.status, result: res.body.singleResult };
  };
  const run = async (query: string, variables?: Record<string, unknown>) =>
    (await execute(query, variables)).result;

  beforeAll(async () => {
    graphql = await startGateway(emptyHub, {
      limits: { maxDepth: 12, maxCost: 5_000, defaultListSize: 10, maxBreadth: 200, maxTokens: 10_000 },
    });
  });
  afterAll(async () => {
    await graphql?.stop();
  });

  it('runs an ordinary dataset page and the standard introspection query', async () => {
    const page = await run(`{ dataset(urn: "urn:li:dataset:(urn:li:dataPlatform:hive,a.b,PROD)") {
      urn name schemaMetadata { fields { fieldPath type } }
      ownership { owners { owner { ... on CorpUser { username } } } }
      lineage(input: { direction: UPSTREAM, count: 20 }) { relationships { entity { urn } } }
      freshness { status } documentationCoverage { ratio } } }`);
    expect(page.errors).toBeUndefined();
    expect(page.data).toEqual({ dataset: null });
    expect((await run(getIntrospectionQuery())).errors).toBeUndefined();
  });

  it('refuses an over-deep query with its depth', async () => {
    let nested = 'urn';
    for (let i = 0; i < 5; i++)
      nested = `urn lineage(input: { direction: UPSTREAM }) { relationships { entity { ... on Dataset { ${nested} } } } }`;
    const result = await run(
      `{ dataset(urn: "urn:li:dataset:(urn:li:dataPlatform:hive,a.b,PROD)") { ${nested} } }`,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', maxDepth: 12 });
    expect(result.errors?.[0]?.message).toMatch(/levels deep; at most 12/);
  });

  it('refuses a query that may return too many fields, counting list sizes from limit arguments', async () => {
    const fields = 'schemaMetadata { fields { fieldPath description tags { tags { tag { urn } } } } }';
    const costly = await run(`{ searchDatasets(limit: 100) { results { dataset { urn ${fields} } } } }`);
    expect(costly.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 5_000 });
    const small = await run(`{ searchDatasets(limit: 2) { results { dataset { urn ${fields} } } } }`);
    expect(small.errors).toBeUndefined();
  });

  it('refuses a 400,000-alias __typename document while parsing, in well under a second', async () => {
    const query = `{ ${Array.from({ length: 400_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const started = performance.now();
    const { status, result } = await execute(query);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(status).toBe(400);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE' });
    expect(result.errors?.[0]?.message).toMatch(/10000 tokens/);
  });

  it('counts __typename aliases against breadth and cost (they used to be free)', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ');
    const broad = await execute(`{ ${aliases(1_000)} }`);
    expect(broad.status).toBe(400);
    expect(broad.result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_BROAD', maxBreadth: 200 });
    const costly = await execute(
      `{ searchDatasets(limit: 100) { results { dataset { urn ${aliases(60)} } } } }`,
    );
    expect(costly.status).toBe(400);
    expect(costly.result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    expect((await run(`{ ${aliases(50)} }`)).errors).toBeUndefined();
  });

  it('counts list sizes given through variables once they are known', async () => {
    const fields = 'schemaMetadata { fields { fieldPath description tags { tags { tag { urn } } } } }';
    const query = `query Page($n: Int) { searchDatasets(limit: $n) { results { dataset { urn ${fields} } } } }`;
    expect((await run(query, { n: 2 })).errors).toBeUndefined();
    const big = await execute(query, { n: 100 });
    expect(big.status).toBe(400);
    expect(big.result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 5_000 });
  });
});
