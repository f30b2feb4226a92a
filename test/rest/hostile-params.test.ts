import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import type { EmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { buildServer } from '@dataspoke/gateway/server';
import { openFuzzStack } from '@dataspoke/gateway/testing/fuzz-stack';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import { LEAKED_INTERNALS } from '@dataspoke/gateway/testing/graphql-fuzz';
import { OPENAPI_PATH, openApiChecker } from '@dataspoke/gateway/testing/openapi';

interface Parameter {
  name: string;
  in: 'path' | 'query';
}
interface Operation {
  method: string;
  template: string;
  parameters: Parameter[];
  hasBody: boolean;
}

/** Every operation of api/openapi.yaml with its (resolved) parameters. */
function documentedOperations(): Operation[] {
  const document = parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown }>>;
    components: { parameters: Record<string, Parameter> };
  };
  const resolve = (p: unknown): Parameter => {
    const ref = (p as { $ref?: string }).$ref;
    return ref ? document.components.parameters[ref.split('/').pop()!]! : (p as Parameter);
  };
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        parameters: (op.parameters ?? []).map(resolve),
        hasBody: op.requestBody !== undefined,
      })),
  );
}

const HOSTILE = [
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '',
  ' ',
  '1e20',
  '1.5',
  '-1',
  '99999999999999999999',
  "' or 1=1 --",
  'urn:li:dataset:(urn:li:dataPlatform:hive,a\u0000b,PROD)',
  'urn:li:dataset:(',
  'x'.repeat(3000),
];

/**
 * Percent-encodes any string, lone surrogates too (as their WTF-8 bytes, which are not UTF-8), so the
 * server sees the bytes a careless client would send rather than an encoder's error.
 */
function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/**
 * A property-based fuzz of the REST facade from its OpenAPI document, beside Schemathesis: every documented
 * operation with its own parameters set to hostile text (NUL, lone surrogates, huge and fractional numbers,
 * SQL) or arbitrary Unicode, and arbitrary or deep JSON bodies. Every answer is below 500, matches its
 * documented schema, and never shows SQL or a stack.
 */
describe('REST facade under hostile parameters', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-rest-hostile-'));
  const checker = openApiChecker();
  let stack: EmbeddedStack;
  let workflows: WorkflowEngine;
  let app: FastifyInstance;
  let key: string;
  let urn: string;

  beforeAll(async () => {
    ({ stack, workflows } = await openFuzzStack(dataDir));
    await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 20, historyDays: 5 });
    key = (await new ApiKeyService(stack.store).create('rest hostile', ['admin'])).key;
    app = await buildServer(stack, { logger: false, workflows });
    const page = await stack.hubPort.search({ types: ['DATASET'], query: '*', start: 0, count: 1 });
    urn = page.hits[0]!.entity.urn;
  });
  afterAll(async () => {
    await app?.close();
    await workflows?.stop();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'answers every documented operation with hostile values below 500 and as documented',
    { timeout: 240_000 },
    async () => {
      const operations = documentedOperations();
      expect(operations.length).toBeGreaterThanOrEqual(10);
      const value = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
      );
      const deepBody = fc.integer({ min: 1, max: 3000 }).map((depth) => {
        let v = '1';
        for (let i = 0; i < depth; i++) v = `{"row_count":${v}}`;
        return `{"observations":${v}}`;
      });
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ observations: v })),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        deepBody,
      );
      const request = fc.constantFrom(...operations).chain((op) =>
        fc.record({
          op: fc.constant(op),
          urn: fc.oneof(fc.constant(urn), value),
          query: fc
            .subarray(op.parameters.filter((p) => p.in === 'query'))
            .chain((chosen) => fc.tuple(...chosen.map((p) => value.map((v) => [p.name, v] as const)))),
          body: op.hasBody ? fc.option(body) : fc.constant(null),
        }),
      );
      const statuses: Record<number, number> = {};
      await fc.assert(
        fc.asyncProperty(request, async ({ op, urn: urnValue, query, body: payload }) => {
          const search = query.map(([k, v]) => `${k}=${percentEncode(v)}`).join('&');
          const url = `${op.template.replace('{urn}', percentEncode(urnValue))}${query.length ? `?${search}` : ''}`;
          const res = await app.inject({
            method: op.method as 'GET' | 'POST',
            url,
            headers: {
              authorization: `Bearer ${key}`,
              ...(payload !== null && { 'content-type': 'application/json' }),
            },
            ...(payload !== null && { payload }),
          });
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          const where = `${op.method} ${url} ${payload?.slice(0, 200) ?? ''} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          expect(res.body, where).not.toMatch(LEAKED_INTERNALS);
          expect(checker.problems(op.method, op.template, res.statusCode, res.json()), where).toEqual([]);
        }),
        { numRuns: 300, seed: 20261204, endOnFailure: true },
      );
      expect(statuses[400] ?? 0).toBeGreaterThan(0);
    },
  );
});
