import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadConfig } from '@dataspoke/platform/config/config';
import { errorMasking, unexpectedCause, type ErrorLog } from '@dataspoke/subgraphs/masked-errors';
import { GraphQLError } from 'graphql';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}
interface RestError {
  error_code: string;
  message: string;
  trace_id: string;
}

const SQL = /\b(select|insert|update|delete)\b[\s\S]*\b(from|into|set)\b|params:|Failed query/i;
const STACK = /\n\s+at |\.ts:\d+|node_modules/;

const DATASET = 'urn:li:dataset:(urn:li:dataPlatform:hive,sales.orders,PROD)';
const NUL_URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,a\u0000b,PROD)';

/**
 * Issue #22 items 7 and 8 on /graphql and the REST facade: input that broke a store query is refused at the
 * edge with a 4xx, a code and a reason; an unexpected failure answers a trace_id, never SQL or a stack, and
 * the log line with that trace_id names the cause.
 */
describe('bad input on /graphql and /api: 4xx with a code and a reason, never SQL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-bad-input-'));
  const logLines: Record<string, unknown>[] = [];
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  let key: string;

  const request = async (options: InjectOptions) => {
    const res = await app.inject({
      ...options,
      headers: { authorization: `Bearer ${key}`, ...(options.headers ?? {}) },
    });
    expect(res.body).not.toMatch(SQL);
    expect(res.body).not.toMatch(STACK);
    return res;
  };
  const graphql = async (query: string, variables?: Record<string, unknown>, operationName?: string) =>
    request({ method: 'POST', url: '/graphql', payload: { query, variables, operationName } });

  const expectGraphqlBadInput = (status: number, body: GraphqlBody, code: string, reason: RegExp) => {
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(body.errors?.[0]?.message).toMatch(reason);
  };

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir }));
    await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 20, historyDays: 5 });
    key = (await new ApiKeyService(stack.store).create('bad input', ['admin'])).key;
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildServer(stack, { logStream });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a NUL in a literal argument of search, sqlContext and validationHistory, naming it', async () => {
    for (const [query, argument] of [
      ['{ search(query: "a\\u0000b") { total } }', 'argument query of search'],
      ['{ sqlContext(question: "a\\u0000b") { __typename } }', 'argument question of sqlContext'],
      [`{ validationHistory(urn: ${JSON.stringify(NUL_URN)}) { totalCount } }`, 'argument urn of'],
    ] as const) {
      const res = await graphql(query);
      expect(res.statusCode).toBe(400);
      expectGraphqlBadInput(res.statusCode, res.json(), 'BAD_USER_INPUT', new RegExp(`${argument}.*NUL`));
    }
  });

  it('refuses a NUL or a lone surrogate in any variable, deep ones included, naming where', async () => {
    const nul = await graphql('query($q: String!) { search(query: $q) { total } }', { q: 'a\u0000b' });
    expect(nul.statusCode).toBe(400);
    expectGraphqlBadInput(nul.statusCode, nul.json(), 'BAD_USER_INPUT', /variable \$q contains a NUL/);

    const surrogate = await graphql(
      'query($q: String!, $f: SearchFilters) { search(query: $q, filters: $f) { total } }',
      { q: 'orders', f: { tags: ['ok', 'x\uD800y'] } },
    );
    expect(surrogate.statusCode).toBe(400);
    expectGraphqlBadInput(
      surrogate.statusCode,
      surrogate.json(),
      'BAD_USER_INPUT',
      /variable \$f\.tags\[1\] contains a lone UTF-16 surrogate \(\\uD800\)/,
    );
  });

  it('refuses a Long that is not an exact integer, as a literal or a variable, naming it', async () => {
    const literal = await graphql(
      `{ validationHistory(urn: ${JSON.stringify(DATASET)}, to: {a: {a: 1}}) { totalCount } }`,
    );
    expect(literal.statusCode).toBe(400);
    expectGraphqlBadInput(
      literal.statusCode,
      literal.json(),
      'BAD_USER_INPUT',
      /argument to of validationHistory must be a Long.*got "\{a: \{a: 1\}\}"/,
    );
    for (const asOf of [1e300, 1.5, 'soon', '1700000000000', { a: 1 }]) {
      const variable = await graphql(
        'query($u: String!, $t: Long) { dataset(urn: $u) { validation(asOf: $t) { status } } }',
        {
          u: DATASET,
          t: asOf,
        },
      );
      expect(variable.statusCode).toBe(400);
      expectGraphqlBadInput(
        variable.statusCode,
        variable.json(),
        'BAD_USER_INPUT',
        /variable \$t must be a Long/,
      );
    }
    const fine = await graphql(
      `{ validationHistory(urn: ${JSON.stringify(DATASET)}, to: 1700000000000) { totalCount } }`,
    );
    expect(fine.json<GraphqlBody>().errors).toBeUndefined();
  });

  it('answers an operationName the document does not define with 400, not 500', async () => {
    const res = await graphql('query A { __typename }', undefined, 'Nope');
    expect(res.statusCode).toBe(400);
    expectGraphqlBadInput(
      res.statusCode,
      res.json(),
      'OPERATION_RESOLUTION_FAILURE',
      /no operation named "Nope"/,
    );
  });

  it('refuses a 5,000-deep JSON body on /graphql with 400 JSON_TOO_DEEP', async () => {
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
    const res = await request({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: `{"query":"{ __typename }","variables":{"v":${deep}}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<RestError>()).toMatchObject({ error_code: 'JSON_TOO_DEEP', message: /deeper than 64/ });
  });

  it('refuses over-deep variables on GET /graphql too', async () => {
    const deep = `${'['.repeat(100)}1${']'.repeat(100)}`;
    const res = await request({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(`{"v":${deep}}`)}`,
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<RestError>()).toMatchObject({
      error_code: 'JSON_TOO_DEEP',
      message: /variables parameter/,
    });
  });

  it('REST: a NUL in q is 400 INVALID_PARAMETER naming q', async () => {
    const res = await request({ method: 'GET', url: '/api/v1/spoke/da/search?q=a%00b' });
    expect(res.statusCode).toBe(400);
    expect(res.json<RestError>()).toMatchObject({
      error_code: 'INVALID_PARAMETER',
      message: expect.stringMatching(/query parameter q contains a NUL/) as unknown,
    });
  });

  it('REST: a NUL urn is 400 INVALID_PARAMETER, not 502', async () => {
    const res = await request({
      method: 'GET',
      url: `/api/v1/spoke/da/datasets/${encodeURIComponent(NUL_URN)}/attrs`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<RestError>()).toMatchObject({
      error_code: 'INVALID_PARAMETER',
      message: expect.stringMatching(/path parameter urn contains a NUL/) as unknown,
    });
  });

  it('REST: a 5,000-deep validate body is 400 JSON_TOO_DEEP, not 500', async () => {
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const res = await request({
      method: 'POST',
      url: `/api/v1/spoke/de/datasets/${encodeURIComponent(DATASET)}/methods/validate?dry_run=true`,
      headers: { 'content-type': 'application/json' },
      payload: `{"observations":${deep}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<RestError>().error_code).toBe('JSON_TOO_DEEP');
  });

  it('REST: a path that is not UTF-8 is a 400 in the usual error body', async () => {
    // Refused before routing (the request-target check, or fastify's own FST_ERR_BAD_URL via frameworkErrors).
    const res = await request({ method: 'GET', url: '/api/v1/spoke/da/datasets/x%ED%A0%80y/attrs' });
    expect(res.statusCode).toBe(400);
    expect(res.json<RestError>()).toMatchObject({
      error_code: expect.stringMatching(/^(BAD_URL|INVALID_REQUEST_TARGET)$/) as unknown,
      message: expect.any(String) as unknown,
      trace_id: expect.any(String) as unknown,
    });
  });

  it('REST: a long dataset urn is looked up, not refused as too long', async () => {
    const long = `urn:li:dataset:(urn:li:dataPlatform:snowflake,acme.${'x'.repeat(150)},PROD)`;
    const res = await request({
      method: 'GET',
      url: `/api/v1/spoke/da/datasets/${encodeURIComponent(long)}/attrs`,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<RestError>().error_code).toBe('DATASET_NOT_FOUND');
  });

  it('masks an unexpected failure: a trace_id in the answer, the cause under it in the log', async () => {
    // A store query failing is what the NUL used to cause; close-to-the-store failures look the same.
    const search = stack.search.deps;
    const original = search.documents;
    search.documents = new Proxy(original, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return () => {
          throw new Error('Failed query: select secret from spoke_da.t where x = $1\nparams: hidden');
        };
      },
    });
    try {
      const res = await graphql('query Probe { search(query: "orders") { total } }');
      const body = res.json<GraphqlBody>();
      const error = body.errors?.[0];
      expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const traceId = error?.extensions?.trace_id as string;
      expect(error?.message).toBe(`Internal error; see the server log (trace_id ${traceId})`);
      const line = logLines.find((l) => l.trace_id === traceId);
      expect(line).toMatchObject({
        operation: 'Probe',
        msg: expect.stringMatching(/Failed query/) as unknown,
      });
      expect(JSON.stringify(line)).toMatch(/"stack":/);

      const rest = await request({ method: 'GET', url: '/api/v1/spoke/da/search?q=orders' });
      expect(rest.statusCode).toBe(500);
      const restTrace = rest.json<RestError>().trace_id;
      const restLines = logLines.filter((l) => l.trace_id === restTrace);
      expect(restLines.map((l) => l.msg).join('\n')).toMatch(/Failed query/);
    } finally {
      search.documents = original;
    }
  });
});

describe('errorMasking', () => {
  it('keeps errors raised on purpose and masks the rest, logging each cause once', () => {
    const logged: Record<string, unknown>[] = [];
    const log: ErrorLog = { error: (fields) => logged.push(fields) };
    const masking = errorMasking(log);
    const intended = new GraphQLError('limit must be at most 100', { extensions: { code: 'INVALID_LIMIT' } });
    expect(unexpectedCause(intended)).toBeNull();
    expect(masking.formatError({ message: intended.message }, intended)).toEqual({
      message: intended.message,
    });

    const wrapped = new GraphQLError('boom: select 1', { originalError: new TypeError('boom: select 1') });
    const formatted = masking.formatError({ message: wrapped.message, path: ['x'] }, wrapped);
    expect(formatted.message).not.toMatch(/select/);
    expect(formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ trace_id: formatted.extensions?.trace_id, path: undefined });
  });
});
