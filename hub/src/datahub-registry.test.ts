import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@dataspoke/platform/store/db';
import {
  aspectNameForRecord,
  ENTITY_REGISTRY,
  entityTypeForSnapshot,
  isTimeseriesAspect,
  REGISTRY_SOURCE,
} from './aspect-registry.js';
import type { EmbeddedHub } from './embedded-hub.js';
import { keyAspectFor } from './entity-key.js';
import { recordNameForAspect } from './formats/index.js';
import {
  ASPECT_RECORD_NAMES,
  ENTITY_TYPES,
  SNAPSHOT_ENTITY_TYPES,
  TIMESERIES_ASPECT_NAMES,
} from './generated/datahub-registry.js';
import { openGmsTestApp } from './testing/gms-app.js';

const HEADERS = { 'content-type': 'application/json', 'x-restli-protocol-version': '2.0.0' };
const TIME = 1_700_000_000_000;

/** An urn of the entity type whose key has as many parts as its key aspect has fields. */
function urnOf(entityType: string): string {
  const { keyFields } = ENTITY_TYPES[entityType]!;
  const parts = keyFields.map((field) => `${entityType}-${field}`);
  return `urn:li:${entityType}:${parts.length === 1 ? parts[0] : `(${parts.join(',')})`}`;
}

/** A value no reader of DataSpoke interprets: it must come back exactly as written. */
function valueOf(entityType: string, aspectName: string, i: number): Record<string, unknown> {
  return {
    ...(isTimeseriesAspect(aspectName) && { timestampMillis: TIME + i }),
    written: `${entityType}.${aspectName}`,
    nested: { list: [1, 'two', null, { three: true }], empty: '' },
  };
}

function proposal(entityType: string, urn: string, aspectName: string, value: unknown) {
  return {
    entityType,
    entityUrn: urn,
    changeType: 'UPSERT',
    aspectName,
    aspect: { value: JSON.stringify(value), contentType: 'application/json' },
    systemMetadata: { lastObserved: TIME, runId: 'registry-test' },
  };
}

describe("the hub's registry is DataHub's (entity-registry.yml and the SDK's aspect schemas)", () => {
  it('has every entity type of the yml, with the ones the hub lacked before', () => {
    expect(Object.keys(ENTITY_REGISTRY)).toHaveLength(63);
    expect(REGISTRY_SOURCE.upstreamCommit).toBe('c5104984a8ef7c525fbdeec56b7ef9658168fb96');
    for (const type of [
      'dataHubIngestionSource',
      'dataHubExecutionRequest',
      'versionSet',
      'application',
      'dataProcess',
    ]) {
      expect(ENTITY_REGISTRY[type], type).toBeDefined();
    }
    expect(ENTITY_REGISTRY.dataJob?.aspects).toContain('dataTransformLogic');
    expect(ENTITY_REGISTRY.mlModel?.aspects).toContain('versionProperties');
    expect(ENTITY_REGISTRY.dataProcessInstance?.aspects).toContain('mlTrainingRunProperties');
  });

  it("takes timeseries aspects and key fields from DataHub's aspect schemas", () => {
    expect(TIMESERIES_ASPECT_NAMES).toEqual(
      expect.arrayContaining(['datasetProfile', 'operation', 'datahubIngestionRunSummary']),
    );
    expect(ENTITY_TYPES.dataset?.keyFields).toEqual(['platform', 'name', 'origin']);
    expect(ENTITY_TYPES.mlModelGroup?.keyFields).toEqual(['platform', 'name', 'origin']);
    expect(ENTITY_TYPES.versionSet?.keyFields).toEqual(['id', 'entityType']);
    expect(ENTITY_TYPES.dataHubRetention?.keyFields).toEqual(['entityName', 'aspectName']);
  });

  it('derives key aspects as GMS does: urn key part i is key field i', () => {
    expect(keyAspectFor('urn:li:dataset:(urn:li:dataPlatform:hive,db.orders,PROD)')).toEqual({
      aspectName: 'datasetKey',
      value: { platform: 'urn:li:dataPlatform:hive', name: 'db.orders', origin: 'PROD' },
    });
    expect(keyAspectFor('urn:li:dataJob:(urn:li:dataFlow:(airflow,etl,prod),load)')).toEqual({
      aspectName: 'dataJobKey',
      value: { flow: 'urn:li:dataFlow:(airflow,etl,prod)', jobId: 'load' },
    });
    expect(keyAspectFor('urn:li:dataHubExecutionRequest:abc')).toEqual({
      aspectName: 'dataHubExecutionRequestKey',
      value: { id: 'abc' },
    });
    // A key that does not fit is no key (GMS refuses the proposal; see checkUrnKey).
    expect(keyAspectFor('urn:li:dataset:orders')).toBeUndefined();
    expect(keyAspectFor('urn:li:noSuchType:x')).toBeUndefined();
  });

  it("names records and snapshots as DataHub's schemas do", () => {
    for (const [aspect, record] of Object.entries(ASPECT_RECORD_NAMES)) {
      expect(recordNameForAspect(aspect), aspect).toBe(record);
      expect(aspectNameForRecord(record), record).toBe(aspect);
    }
    for (const [snapshot, type] of Object.entries(SNAPSHOT_ENTITY_TYPES)) {
      expect(entityTypeForSnapshot(`com.linkedin.pegasus2avro.metadata.snapshot.${snapshot}`)).toBe(type);
    }
  });
});

describe('every entity type and aspect of the registry over the GMS REST routes', () => {
  let store: Store;
  let hub: EmbeddedHub;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store, hub, app } = await openGmsTestApp(4_000_000));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const post = (url: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/gms${url}`, headers: HEADERS, payload: JSON.stringify(payload) });
  const get = (url: string) => app.inject({ method: 'GET', url: `/gms${url}`, headers: HEADERS });

  it.each(Object.keys(ENTITY_TYPES))(
    '%s: every aspect is accepted, stored and read back as written',
    async (type) => {
      const spec = ENTITY_TYPES[type]!;
      const urn = urnOf(type);
      const keyValue = Object.fromEntries(spec.keyFields.map((field) => [field, `${type}-${field}`]));
      const written = spec.aspects.filter((a) => a !== spec.keyAspect);
      const response = await post('/aspects?action=ingestProposalBatch', {
        // An entity type with no aspect but its key is written by its key aspect alone.
        proposals:
          written.length > 0
            ? written.map((aspect, i) => proposal(type, urn, aspect, valueOf(type, aspect, i)))
            : [proposal(type, urn, spec.keyAspect, keyValue)],
        async: 'false',
      });
      expect(response.json()).toEqual({ value: 'success' });

      // The key aspect GMS derives from the urn, field by field.
      const key = await get(`/aspects/${encodeURIComponent(urn)}?aspect=${spec.keyAspect}&version=0`);
      expect(key.statusCode).toBe(200);
      expect(key.json()).toEqual({
        urn,
        version: 0,
        aspect: { [ASPECT_RECORD_NAMES[spec.keyAspect]!]: keyValue },
      });

      const versioned = written.filter((a) => !isTimeseriesAspect(a));
      for (const aspect of versioned) {
        const read = await get(`/aspects/${encodeURIComponent(urn)}?aspect=${aspect}&version=0`);
        expect(read.statusCode, aspect).toBe(200);
        expect(read.json(), aspect).toEqual({
          urn,
          version: 0,
          aspect: { [ASPECT_RECORD_NAMES[aspect]!]: valueOf(type, aspect, written.indexOf(aspect)) },
        });
      }
      const entity = await get(`/entitiesV2/${encodeURIComponent(urn)}`);
      expect(entity.statusCode).toBe(200);
      const aspects = entity.json<{ entityName: string; aspects: Record<string, { value: unknown }> }>();
      expect(aspects.entityName).toBe(type);
      expect(Object.keys(aspects.aspects).sort()).toEqual([spec.keyAspect, ...versioned].sort());

      // Timeseries aspects land in the timeseries table, not among the versioned aspects.
      for (const aspect of written.filter(isTimeseriesAspect)) {
        expect(await hub.getAspect(urn, aspect), aspect).toBeUndefined();
        const rows = await hub.getTimeseries(urn, aspect);
        expect(rows.map((r) => r.event)).toEqual([valueOf(type, aspect, written.indexOf(aspect))]);
        const values = await post('/aspects?action=getTimeseriesAspectValues', { urn, entity: type, aspect });
        expect(values.statusCode).toBe(200);
        expect(values.json<{ value: { values: unknown[] } }>().value.values).toHaveLength(1);
      }
    },
  );

  it('an unknown entity type gets 422 naming it', async () => {
    const response = await post('/aspects?action=ingestProposal', {
      proposal: proposal('noSuchType', 'urn:li:noSuchType:x', 'status', { removed: false }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error_code: 'UNKNOWN_ENTITY_TYPE' });
    expect(response.json<{ message: string }>().message).toContain('noSuchType');
  });

  it('an aspect the entity type does not have gets 422 naming both', async () => {
    const urn = urnOf('dataset');
    const response = await post('/aspects?action=ingestProposal', {
      proposal: proposal('dataset', urn, 'lineageFeatures', {}),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error_code: 'UNKNOWN_ASPECT' });
    expect(response.json<{ message: string }>().message).toMatch(/lineageFeatures.*dataset/);
  });
});
