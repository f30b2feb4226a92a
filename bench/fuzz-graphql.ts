/**
 * A long property-based fuzz of /graphql (issue #22): random operations shaped by the gateway's own API
 * schema, with random and hostile argument values (NUL, lone surrogates, huge and fractional numbers, deep
 * inputs, wrong types), sent through the real in-process gateway over the demo catalog. The CI test
 * (gateway/src/graphql/graphql-fuzz.test.ts) runs a short seeded slice of the same generator.
 *
 *   tsx --conditions=@dataspoke/source bench/fuzz-graphql.ts [--cases 5000] [--seed <n>] [--datasets 40]
 *
 * Prints one JSON document on stdout: {cases, by_code, five_xx, internal, hub_failures, leaked, seed,
 * failures}, where by_code counts the error codes answered ("OK" for a response without errors), five_xx
 * the responses with an HTTP 5xx, internal those with INTERNAL_SERVER_ERROR, hub_failures those with
 * DATAHUB_ERROR or *_UNAVAILABLE (the REST facade's 502/503), leaked those whose messages carry SQL or a
 * stack; failures holds up to ten of the requests behind them. Exits 1 when any of those is not 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { buildServer } from '@dataspoke/gateway/server';
import { openFuzzStack } from '@dataspoke/gateway/testing/fuzz-stack';
import { graphqlRequests, judgeResponse, type FuzzRequest } from '@dataspoke/gateway/testing/graphql-fuzz';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    datasets: { type: 'string', default: '40' },
  },
});
const cases = Number(args.cases);
const seed = Number(args.seed);

const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-fuzz-graphql-'));
// With a workflow engine, as on a real gateway: trigger mutations run rather than answer WORKFLOWS_UNAVAILABLE.
const { stack, workflows } = await openFuzzStack(dataDir);
try {
  await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: Number(args.datasets), historyDays: 14 });
  const key = (await new ApiKeyService(stack.store).create('graphql fuzz bench', ['admin'])).key;
  const app = await buildServer(stack, { logger: false, workflows });
  const post = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}` },
      payload,
    });
  const introspection = await post({ query: getIntrospectionQuery() });
  const schema = buildClientSchema(introspection.json<{ data: IntrospectionQuery }>().data);
  const page = await stack.hubPort.search({ types: ['DATASET'], query: '*', start: 0, count: 10 });
  const knownStrings = [...page.hits.map((h) => h.entity.urn), 'orders', 'revenue'];

  const byCode: Record<string, number> = {};
  let fiveXx = 0;
  let internal = 0;
  let hubFailures = 0;
  let leaked = 0;
  const failures: { status: number; codes: string[]; request: FuzzRequest }[] = [];
  const requests = fc.sample(graphqlRequests(schema, { knownStrings }), { numRuns: cases, seed });
  for (const [i, request] of requests.entries()) {
    const res = await post(request);
    const outcome = judgeResponse(res.statusCode, res.body);
    for (const code of outcome.codes.length ? outcome.codes : ['OK']) byCode[code] = (byCode[code] ?? 0) + 1;
    const isInternal = outcome.codes.includes('INTERNAL_SERVER_ERROR');
    if (outcome.status >= 500) fiveXx++;
    if (isInternal) internal++;
    else if (outcome.serverFailure && outcome.status < 500) hubFailures++;
    if (outcome.leaked) leaked++;
    if ((outcome.serverFailure || outcome.leaked) && failures.length < 10)
      failures.push({ status: outcome.status, codes: outcome.codes, request });
    if ((i + 1) % 500 === 0) process.stderr.write(`${i + 1}/${cases}\n`);
  }
  await app.close();
  process.stdout.write(
    `${JSON.stringify(
      {
        cases,
        by_code: byCode,
        five_xx: fiveXx,
        internal,
        hub_failures: hubFailures,
        leaked,
        seed,
        failures,
      },
      null,
      2,
    )}\n`,
  );
  process.exitCode = fiveXx + internal + hubFailures + leaked > 0 ? 1 : 0;
} finally {
  await workflows.stop();
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
}
