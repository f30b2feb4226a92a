import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import type { Identity } from '@dataspoke/domain/auth/identity';
import { startReplicas, TEST_REDIS_URL, REDIS_SKIP_REASON, type Replicas } from '../testing/replicas.js';
import { budgetOf } from './rate-limit.js';

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function get(url: string, key: string) {
  return fetch(`${url}/api/v1/identity`, { headers: auth(key) });
}

async function graphql(url: string, key: string) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { ...auth(key), 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

describe('budgetOf', () => {
  const config = loadConfig({
    DATASPOKE_RATE_LIMIT: '100',
    DATASPOKE_RATE_LIMIT_GROUPS: 'da=10,dg=500,admin=0',
  });
  const who = (groups: Identity['groups']): Identity => ({ subject: 'k', groups, via: 'api_key' });
  it('takes the largest budget of the groups, the default for groups without one, 0 as unlimited', () => {
    expect(budgetOf(who(['da']), config.rateLimit)).toBe(10);
    expect(budgetOf(who(['da', 'de']), config.rateLimit)).toBe(100);
    expect(budgetOf(who(['da', 'dg']), config.rateLimit)).toBe(500);
    expect(budgetOf(who(['admin']), config.rateLimit)).toBe(0);
  });
  it('refuses a malformed group budget at start, naming the variable', () => {
    expect(() => loadConfig({ DATASPOKE_RATE_LIMIT_GROUPS: 'ops=5,de=x' })).toThrow(
      /DATASPOKE_RATE_LIMIT_GROUPS: "ops=5" is not group=value.*\n.*DATASPOKE_RATE_LIMIT_GROUPS: de:/,
    );
  });
});

describe('rate limits on /api, /graphql and /gms', () => {
  let replicas: Replicas | undefined;
  afterEach(async () => {
    await replicas?.close();
    replicas = undefined;
  });

  it('in process: a key over its budget gets 429 with Retry-After on every surface; other keys do not', async () => {
    replicas = await startReplicas(
      1,
      {
        DATASPOKE_RATE_LIMIT: '3',
        DATASPOKE_RATE_LIMIT_WINDOW_SECONDS: '60',
        DATASPOKE_RATE_LIMIT_GROUPS: 'dg=0',
      },
      { redis: false },
    );
    const { url } = replicas.replicas[0]!;
    const busy = await replicas.key('busy', ['de']);
    const other = await replicas.key('other', ['de']);
    const unlimited = await replicas.key('governance', ['dg']);
    for (let i = 0; i < 3; i++) expect((await get(url, busy)).status).toBe(200);

    const rest = await get(url, busy);
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(rest.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await rest.json()).toMatchObject({ error_code: 'RATE_LIMITED' });

    const gql = await graphql(url, busy);
    expect(gql.status).toBe(429);
    expect(gql.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await gql.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });

    const gms = await fetch(`${url}/gms/aspects/${encodeURIComponent('urn:li:corpuser:x')}?aspect=status`, {
      headers: auth(busy),
    });
    expect(gms.status).toBe(429);

    expect((await get(url, other)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await get(url, unlimited)).status).toBe(200);
    // Public routes are never counted.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it.skipIf(!TEST_REDIS_URL)('in Redis: two gateway replicas share one budget per key', async () => {
    replicas = await startReplicas(2, { DATASPOKE_RATE_LIMIT: '4' }, { redis: true });
    const [a, b] = [replicas.replicas[0]!, replicas.replicas[1]!];
    const key = await replicas.key('shared', ['da']);
    expect((await get(a.url, key)).status).toBe(200);
    expect((await graphql(b.url, key)).status).toBe(200);
    expect((await get(a.url, key)).status).toBe(200);
    expect((await get(b.url, key)).status).toBe(200);
    // The fifth request, whichever replica gets it, is over the shared budget of four.
    const refusedOnA = await get(a.url, key);
    expect(refusedOnA.status).toBe(429);
    expect(refusedOnA.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await graphql(b.url, key)).status).toBe(429);
  });
  if (!TEST_REDIS_URL) console.warn(`[skip] rate limits in Redis: ${REDIS_SKIP_REASON}`);
});
