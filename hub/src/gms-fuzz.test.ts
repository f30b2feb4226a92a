import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store } from '@dataspoke/platform/store/db';
import type { EmbeddedHub } from './embedded-hub.js';
import { gmsRequestArbitrary, loadGmsFuzzModel, sendFuzzRequest } from './testing/gms-fuzz.js';
import { openGmsTestApp } from './testing/gms-app.js';

/**
 * Property-based fuzz of the GMS routes from DataHub's Avro aspect schemas (gms-fuzz.ts): a bounded, seeded
 * run against a real hub over PGlite. No answer may be a 5xx; every refusal carries a code and a reason;
 * afterwards the shared object prototype is untouched, an aspect written before is unchanged, and the hub
 * still writes and reads. bench/fuzz-gms.ts runs the same requests for longer.
 */

const MCE_SCHEMA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/datahub/contract/avro/MetadataChangeEvent.avsc',
);
const SENTINEL = 'urn:li:dataset:(urn:li:dataPlatform:hive,sentinel.orders,PROD)';
const SENTINEL_VALUE = { name: 'sentinel', customProperties: { keep: 'me' } };
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

describe('GMS routes under a property-based fuzz from DataHub aspect schemas', () => {
  let store: Store;
  let hub: EmbeddedHub;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store, hub, app } = await openGmsTestApp(1_000_000));
    const result = await hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: SENTINEL,
        changeType: 'UPSERT',
        aspectName: 'datasetProperties',
        aspect: SENTINEL_VALUE,
      },
    ]);
    expect(result.applied).toBe(1);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('answers a few hundred random and mutated requests without a 5xx, and the hub is intact', async () => {
    const model = loadGmsFuzzModel(MCE_SCHEMA);
    expect(model.aspects.length).toBeGreaterThan(100);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(gmsRequestArbitrary(model), async (request) => {
        const response = await sendFuzzRequest(app, request);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        expect(
          response.statusCode,
          `${request.method} ${request.url} ${response.body.slice(0, 300)}`,
        ).toBeLessThan(500);
        if (response.statusCode >= 400) {
          const body = response.json<{ error_code?: unknown; code?: unknown; message?: unknown }>();
          // A url that is not valid UTF-8 never reaches the routes: fastify's router refuses it (FST_ERR_BAD_URL),
          // and the front door's frameworkErrors handler gives it DataSpoke's error shape.
          expect(typeof (body.error_code ?? body.code)).toBe('string');
          expect(typeof body.message).toBe('string');
        }
      }),
      { numRuns: 300, seed: 20_261_204 },
    );
    // The run must reach the hub, not only its refusals.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(2);

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
    expect(({} as Record<string, unknown>).limit).toBeUndefined();
    expect((await hub.getAspect(SENTINEL, 'datasetProperties'))?.value).toEqual(SENTINEL_VALUE);
    const write = await sendFuzzRequest(app, {
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
    expect(write.statusCode).toBe(200);
    const read = await sendFuzzRequest(app, {
      method: 'GET',
      url: `/entitiesV2/${encodeURIComponent(SENTINEL)}?aspects=List(status,datasetProperties)`,
    });
    expect(read.json()).toMatchObject({
      aspects: { status: { value: { removed: false } }, datasetProperties: { value: SENTINEL_VALUE } },
    });
  });
});
