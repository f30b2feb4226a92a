import Fastify, { type FastifyInstance } from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { registerHubGraphqlRoute } from '@dataspoke/hub/graphql/index';
import { openMemoryStore, type Store } from '../store/db.js';
import { DEFAULT_QUERY_LIMITS, parseLimited, queryLimitCode } from './query-limits.js';
import { allowEveryAccess } from '@dataspoke/hub/access';

/**
 * The query limits as the embedded hub's /gms/api/graphql applies them (the federated /graphql applies the
 * same rule; gateway/src/graphql/limits.test.ts), with the attack shapes that used to stall or kill the
 * process, scaled so the test stays quick while still far over each limit.
 */

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,limits.orders,PROD)';

function lineageNest(levels: number, count: string): string {
  let nested = 'urn';
  for (let i = 0; i < levels; i++) {
    const direction = i % 2 === 0 ? 'UPSTREAM' : 'DOWNSTREAM';
    nested = `urn lineage(input: { direction: ${direction}, count: ${count} }) { total relationships { type entity { urn ... on Dataset { ${nested} } } } }`;
  }
  return `{ dataset(urn: "${URN}") { ${nested} } }`;
}

describe('query limits on the embedded hub GraphQL', () => {
  let store: Store;
  let app: FastifyInstance;

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const response = await app.inject({
      method: 'POST',
      url: '/gms/api/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query, variables }),
    });
    return {
      status: response.statusCode,
      body: response.json<{
        data: unknown;
        errors?: { message: string; extensions: Record<string, unknown> }[];
      }>(),
    };
  };

  beforeAll(async () => {
    store = await openMemoryStore();
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
    app = Fastify({ logger: false, bodyLimit: 20_000_000 });
    await app.register(
      (gms, _opts, done) => {
        registerHubGraphqlRoute(gms, { hub, store, authorize: allowEveryAccess });
        done();
      },
      { prefix: '/gms' },
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('runs ordinary queries and the standard introspection query', async () => {
    const ordinary = await gql(lineageNest(2, '20'));
    expect(ordinary.status).toBe(200);
    expect(ordinary.body.errors).toBeUndefined();
    const introspection = await gql(getIntrospectionQuery());
    expect(introspection.status).toBe(200);
    expect(introspection.body.errors).toBeUndefined();
  });

  it('refuses a 400,000-alias __typename document while parsing, quickly and without building it', async () => {
    const aliases = Array.from({ length: 400_000 }, (_, i) => `a${i}: __typename`).join(' ');
    const query = `{ ${aliases} }`;
    expect(query.length).toBeGreaterThan(5_000_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { status, body } = await gql(query);
    const elapsed = performance.now() - started;
    expect(status).toBe(400);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', maxTokens: 15_000 });
    expect(elapsed).toBeLessThan(1_000);
    // The request text itself is about 8 MB; an AST of 400k fields would be hundreds of MB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(150_000_000);
  });

  it('counts __typename and aliases against breadth and cost', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ');
    const broad = await gql(`{ ${aliases(600)} }`);
    expect(broad.status).toBe(400);
    expect(broad.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_BROAD', breadth: 600 });
    const fine = await gql(`{ ${aliases(100)} }`);
    expect(fine.status).toBe(200);
    expect(fine.body.errors).toBeUndefined();
    // Under the breadth limit per selection, but each alias is a list of 1,000 results.
    const costly = await gql(
      `{ ${Array.from({ length: 60 }, (_, i) => `s${i}: searchAcrossEntities(input: { query: "*", count: 1000 }) { searchResults { entity { urn __typename } } }`).join(' ')} }`,
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
  });

  it('refuses the 10-level alternating lineage(count: 10000) query', async () => {
    const { status, body } = await gql(lineageNest(10, '10000'));
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions.code)).toContain('QUERY_TOO_COSTLY');
  });

  it('refuses a nested lineage walk whose counts come through variables, from its shape alone', async () => {
    const { status, body } = await gql(
      lineageNest(10, '$n').replace('{ dataset', 'query Walk($n: Int) { dataset'),
      {
        n: 10_000,
      },
    );
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions.code)).toContain('QUERY_TOO_COSTLY');
    const shallow = await gql(lineageNest(2, '$n').replace('{ dataset', 'query Walk($n: Int) { dataset'), {
      n: 5,
    });
    expect(shallow.body.errors).toBeUndefined();
  });

  it('measures a fragment fan-out once per fragment, so it cannot stall the check', async () => {
    // Each fragment spreads the next twice: 2^40 fields if expanded, 40 fragments to measure.
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Dataset { ${i === 39 ? 'urn' : `a: urn ...F${i + 1} ...F${i + 1}`} }`,
    ).join('\n');
    const started = performance.now();
    const { status, body } = await gql(`{ dataset(urn: "${URN}") { ...F0 } }\n${fragments}`);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions.code)).toContain('QUERY_TOO_COSTLY');
  });

  it('parseLimited names the token limit; other syntax errors keep their own message', () => {
    expect(() => parseLimited('{ a b c d }', { ...DEFAULT_QUERY_LIMITS, maxTokens: 3 })).toThrow(
      /more than 3 tokens/,
    );
    let caught: unknown;
    try {
      parseLimited('{ a b c d }', { ...DEFAULT_QUERY_LIMITS, maxTokens: 3 });
    } catch (error) {
      caught = error;
    }
    expect(queryLimitCode(caught)).toBe('QUERY_TOO_LARGE');
    expect(() => parseLimited('{ a ')).toThrow(/Syntax Error/);
  });
});
