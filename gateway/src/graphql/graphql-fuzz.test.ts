import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import {
  buildClientSchema,
  getIntrospectionQuery,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import type { EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';
import { openFuzzStack } from '../testing/fuzz-stack.js';
import { graphqlRequests, judgeResponse, type FuzzRequest } from '../testing/graphql-fuzz.js';

/** Cases a CI run sends; bench/fuzz-graphql.ts runs many more. */
const CI_RUNS = 250;
const SEED = 20261204;

/**
 * Property-based fuzz of /graphql from the gateway's own API schema: random schema-shaped operations with
 * random and hostile argument values, through the real in-process gateway over the demo hub. None may get a
 * 5xx or INTERNAL_SERVER_ERROR, and no error message may carry SQL or a stack.
 */
describe('/graphql under schema-shaped fuzzing', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-graphql-fuzz-'));
  let stack: EmbeddedStack;
  // Trigger mutations reach a workflow engine, as on a real gateway (without one they answer WORKFLOWS_UNAVAILABLE).
  let workflows: WorkflowEngine;
  let app: FastifyInstance;
  let key: string;
  let schema: GraphQLSchema;
  let urns: string[];

  const send = async (request: FuzzRequest) => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}` },
      payload: request,
    });
    return judgeResponse(res.statusCode, res.body);
  };

  beforeAll(async () => {
    ({ stack, workflows } = await openFuzzStack(dataDir));
    await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 20, historyDays: 5 });
    key = (await new ApiKeyService(stack.store).create('graphql fuzz', ['admin'])).key;
    app = await buildServer(stack, { logger: false, workflows });
    const introspection = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}` },
      payload: { query: getIntrospectionQuery() },
    });
    schema = buildClientSchema(introspection.json<{ data: IntrospectionQuery }>().data);
    const page = await stack.hubPort.search({ types: ['DATASET'], query: '*', start: 0, count: 5 });
    urns = page.hits.map((h) => h.entity.urn);
    expect(urns.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await app?.close();
    await workflows?.stop();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves every field of a dataset platform the hub documents as non-null (a case the fuzz found)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        query:
          'query($u: String!) { dataset(urn: $u) { platform { properties { type datasetNameDelimiter } } } }',
        variables: { u: urns[0] },
      },
    });
    expect(res.json()).toMatchObject({
      data: {
        dataset: { platform: { properties: { datasetNameDelimiter: expect.any(String) as unknown } } },
      },
    });
    expect(res.json<{ errors?: unknown }>().errors).toBeUndefined();
  });

  it('generates operations the gateway runs, not only ones it refuses', async () => {
    const samples = fc.sample(graphqlRequests(schema, { knownStrings: [...urns, 'orders'] }), {
      numRuns: 60,
      seed: SEED,
    });
    const outcomes = await Promise.all(samples.map(send));
    // A fuzzer whose every case is refused at validation tests nothing past it.
    expect(outcomes.filter((o) => o.codes.length === 0).length).toBeGreaterThan(5);
  });

  it(
    `answers ${CI_RUNS} random operations with no 5xx, no INTERNAL_SERVER_ERROR or hub failure, no SQL`,
    { timeout: 240_000 },
    async () => {
      const byCode: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(graphqlRequests(schema, { knownStrings: [...urns, 'orders'] }), async (request) => {
          const outcome = await send(request);
          for (const code of outcome.codes) byCode[code] = (byCode[code] ?? 0) + 1;
          expect(
            outcome.serverFailure,
            `${JSON.stringify(request)} -> ${outcome.status} ${outcome.codes.join()}`,
          ).toBe(false);
          expect(outcome.leaked, JSON.stringify(request)).toBeNull();
        }),
        { numRuns: CI_RUNS, seed: SEED, endOnFailure: true },
      );
      // Hostile values must have reached the edge checks, or the fuzz did not try what it claims.
      expect(byCode.BAD_USER_INPUT ?? 0).toBeGreaterThan(0);
    },
  );
});
