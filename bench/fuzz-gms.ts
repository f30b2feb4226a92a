/**
 * Longer property-based fuzz of the embedded hub's GMS routes (issue #22): the requests of
 * hub/src/testing/gms-fuzz.ts (generated from DataHub's Avro aspect schemas, then mutated) sent through
 * fastify inject to a real hub over in-memory PGlite. The CI test (gms-fuzz.test.ts) runs a few hundred;
 * this runs as many as asked. Prints one JSON document on stdout; progress goes to stderr.
 *
 *   tsx --conditions=@dataspoke/source bench/fuzz-gms.ts [--cases 5000] [--seed 22] [--examples 5]
 *
 * `five_xx` counts answers of 500 and above (the goal is 0) and `five_xx_examples` shows the first few with
 * the request that caused them; `intact` says whether, after the run, the shared object prototype was
 * untouched, an aspect written before the run was unchanged and a normal write and read still worked.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { gmsRequestArbitrary, loadGmsFuzzModel, sendFuzzRequest } from '@dataspoke/hub/testing/gms-fuzz';
import { openGmsTestApp } from '@dataspoke/hub/testing/gms-app';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '22' },
    examples: { type: 'string', default: '5' },
  },
});
const cases = Number(args.cases);
const seed = Number(args.seed);
const maxExamples = Number(args.examples);

const MCE_SCHEMA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../shared/datahub/contract/avro/MetadataChangeEvent.avsc',
);
const SENTINEL = 'urn:li:dataset:(urn:li:dataPlatform:hive,sentinel.orders,PROD)';
const SENTINEL_VALUE = { name: 'sentinel', customProperties: { keep: 'me' } };
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

const { store, hub, app } = await openGmsTestApp(1_000_000);
await hub.ingest([
  {
    entityType: 'dataset',
    entityUrn: SENTINEL,
    changeType: 'UPSERT',
    aspectName: 'datasetProperties',
    aspect: SENTINEL_VALUE,
  },
]);

const model = loadGmsFuzzModel(MCE_SCHEMA);
const arbitrary = gmsRequestArbitrary(model);
const statusCounts: Record<string, number> = {};
const errorCodes: Record<string, number> = {};
const examples: { request: unknown; status: number; body: string }[] = [];
let fiveXx = 0;
let slowestMs = 0;
const started = performance.now();
// Generated in batches with one seeded stream each, so a long run neither holds every case in memory nor
// repeats the first batch.
const BATCH = 500;
for (let done = 0; done < cases; done += BATCH) {
  const batch = fc.sample(arbitrary, { numRuns: Math.min(BATCH, cases - done), seed: seed + done });
  for (const request of batch) {
    const t = performance.now();
    const response = await sendFuzzRequest(app, request);
    slowestMs = Math.max(slowestMs, performance.now() - t);
    statusCounts[response.statusCode] = (statusCounts[response.statusCode] ?? 0) + 1;
    if (response.statusCode >= 400) {
      let code: string;
      try {
        const body = response.json<{ error_code?: string; code?: string }>();
        code = body.error_code ?? body.code ?? 'none';
      } catch {
        code = 'not-json';
      }
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    }
    if (response.statusCode >= 500) {
      fiveXx++;
      if (examples.length < maxExamples) {
        examples.push({
          request: { ...request, payload: request.payload?.slice(0, 500) },
          status: response.statusCode,
          body: response.body.slice(0, 500),
        });
      }
    }
  }
  process.stderr.write(`fuzz-gms: ${Math.min(done + BATCH, cases)}/${cases} cases, ${fiveXx} 5xx\n`);
}
const elapsedMs = performance.now() - started;

const sentinel = await hub.getAspect(SENTINEL, 'datasetProperties');
const probe = await sendFuzzRequest(app, {
  method: 'POST',
  url: '/aspects?action=ingestProposal',
  payload: JSON.stringify({
    proposal: {
      entityType: 'dataset',
      entityUrn: SENTINEL,
      changeType: 'UPSERT',
      aspectName: 'status',
      aspect: { value: '{"removed":false}', contentType: 'application/json' },
    },
  }),
});
const intact = {
  prototype: Object.getOwnPropertyNames(Object.prototype).sort().join(',') === prototypeKeys,
  stored_aspect_unchanged: JSON.stringify(sentinel?.value) === JSON.stringify(SENTINEL_VALUE),
  write_after_run: probe.statusCode === 200,
};

await app.close();
await store.close();

process.stdout.write(
  `${JSON.stringify(
    {
      cases,
      seed,
      aspects_from_schema: model.aspects.length,
      status_counts: statusCounts,
      error_codes: errorCodes,
      five_xx: fiveXx,
      five_xx_examples: examples,
      intact,
      elapsed_ms: Math.round(elapsedMs),
      slowest_request_ms: Math.round(slowestMs),
    },
    null,
    2,
  )}\n`,
);
process.exitCode = fiveXx === 0 && Object.values(intact).every(Boolean) ? 0 : 1;
