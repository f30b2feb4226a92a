import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/event-bus.js';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { EmbeddedHub } from '../embedded-hub.js';
import { registerHubGraphqlRoute } from './index.js';
import { allowEveryAccess } from '../access.js';

/** Text the store cannot hold, and over-deep variables, are bad requests on the hub's GraphQL, not server errors. */
describe('hub GraphQL refuses unstorable input', () => {
  let store: Store;
  let app: FastifyInstance;

  const gql = async (payload: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/graphql',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    return response.json<{
      data: unknown;
      errors?: { message: string; extensions: Record<string, unknown> }[];
    }>();
  };

  beforeAll(async () => {
    store = await openMemoryStore();
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
    app = Fastify({ logger: false });
    registerHubGraphqlRoute(app, { hub, store, authorize: allowEveryAccess });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it.each([
    [
      'a NUL in a urn literal',
      { query: '{ dataset(urn: "urn:li:dataset:(urn:li:dataPlatform:hive,a\\u0000b,PROD)") { urn } }' },
    ],
    [
      'a NUL in search text',
      { query: '{ searchAcrossEntities(input: { query: "a\\u0000b", count: 5 }) { total } }' },
    ],
    [
      'a NUL in a variable',
      {
        query: 'query Q($u: String!) { dataset(urn: $u) { urn } }',
        variables: { u: 'urn:li:dataset:(urn:li:dataPlatform:hive,a\u0000b,PROD)' },
      },
    ],
    [
      'an unpaired surrogate in a variable',
      {
        query: 'query Q($u: String!) { dataset(urn: $u) { urn } }',
        variables: { u: 'urn:li:corpuser:\ud800' },
      },
    ],
  ])('%s is a BAD_REQUEST naming the cause', async (_what, request) => {
    const body = await gql(JSON.stringify(request));
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 400, type: 'BAD_REQUEST' });
    expect(body.errors?.[0]?.message).toMatch(/NUL character or an unpaired surrogate/);
  });

  it('5,000-deep variables are refused before any coercion', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const body = await gql(
      `{"query":"query Q($i: SearchAcrossEntitiesInput!) { searchAcrossEntities(input: $i) { total } }","variables":{"i":${deep}}}`,
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ type: 'BAD_REQUEST' });
    expect(body.errors?.[0]?.message).toMatch(/more than 64 levels deep/);
  });
});
