import { OPEN_IDENTITY } from '@dataspoke/domain/auth/identity';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubPort } from '@dataspoke/domain/hub/hub-port';
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

describe('gateway query depth and cost limits', () => {
  let graphql: FederatedGraphql;
  const run = async (query: string) => {
    const res = await graphql.server.executeOperation(
      { query },
      { contextValue: graphql.context(OPEN_IDENTITY) },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  };

  beforeAll(async () => {
    graphql = await startGateway(emptyHub, {
      limits: { maxDepth: 12, maxCost: 5_000, defaultListSize: 10 },
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
});
