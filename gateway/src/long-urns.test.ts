/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment --
   response bodies are JSON, read by the fields each route documents */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import { URN_NUM_BYTES_LIMIT, urlEncodedLength } from '@dataspoke/hub/urn';
import { openEmbeddedStack, type EmbeddedStack } from './embedded-stack.js';
import { buildServer } from './server.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FRAME = 'urn:li:dataset:(urn:li:dataPlatform:hive,,PROD)';
/** A hive dataset urn of `length` characters; its frame's ten `:(,)` take three bytes each URL-encoded. */
const datasetUrn = (length: number) =>
  `urn:li:dataset:(urn:li:dataPlatform:hive,${'n'.repeat(length - FRAME.length)},PROD)`;

/**
 * Urns as long as DataHub allows (URN_NUM_BYTES_LIMIT: 512 bytes URL-encoded) on every route of the embedded
 * default: written through GMS ingest, read back over GMS REST, the hub's GraphQL, the federated GraphQL and the
 * REST facade; a longer one refused everywhere with a code and the reason, never "No route".
 */
describe('long urns on every route', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-long-urns-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  const long = datasetUrn(400);
  const over = datasetUrn(URN_NUM_BYTES_LIMIT - 19);
  const enc = encodeURIComponent;

  const graphql = async (url: string, query: string, urn: string) =>
    (await app.inject({ method: 'POST', url, payload: { query, variables: { urn } } })).json<Body>();

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir }));
    app = await buildServer(stack, { logger: false, open: true });
    expect(long).toHaveLength(400);
    expect(urlEncodedLength(over)).toBe(URN_NUM_BYTES_LIMIT + 1);
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a 400-character urn through GMS ingest and reads it back on every route', async () => {
    const aspect = (aspectName: string, value: unknown) => ({
      entityType: 'dataset',
      entityUrn: long,
      changeType: 'UPSERT',
      aspectName,
      aspect: { value: JSON.stringify(value), contentType: 'application/json' },
    });
    const write = await app.inject({
      method: 'POST',
      url: '/gms/aspects?action=ingestProposalBatch',
      payload: {
        proposals: [
          // An empty description is a value like any other: it comes back as written on every route.
          aspect('datasetProperties', { name: 'long_table', description: '' }),
          aspect('schemaMetadata', {
            schemaName: 'long_table',
            platform: 'urn:li:dataPlatform:hive',
            version: 0,
            hash: '',
            platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } },
            fields: [
              {
                fieldPath: 'id',
                nativeDataType: 'bigint',
                type: { type: { 'com.linkedin.schema.NumberType': {} } },
              },
            ],
          }),
        ],
      },
    });
    expect(write.statusCode, write.body).toBe(200);

    // GMS REST, as DataHubGraph.get_aspect and get_entity_raw read it.
    const gmsAspect = await app.inject({
      method: 'GET',
      url: `/gms/aspects/${enc(long)}?aspect=datasetProperties&version=0`,
    });
    expect(gmsAspect.statusCode).toBe(200);
    expect(gmsAspect.json<Body>().aspect['com.linkedin.dataset.DatasetProperties']).toEqual({
      name: 'long_table',
      description: '',
    });
    const gmsEntity = await app.inject({ method: 'GET', url: `/gms/entitiesV2/${enc(long)}` });
    expect(gmsEntity.statusCode).toBe(200);
    expect(Object.keys(gmsEntity.json<Body>().aspects)).toEqual(
      expect.arrayContaining(['datasetProperties', 'schemaMetadata']),
    );

    // The hub's DataHub GraphQL and the federated GraphQL.
    const query = 'query($urn: String!) { dataset(urn: $urn) { urn properties { name description } } }';
    const hub = await graphql('/gms/api/graphql', query, long);
    expect(hub.errors).toBeUndefined();
    expect(hub.data.dataset).toEqual({ urn: long, properties: { name: 'long_table', description: '' } });
    const gateway = await graphql('/graphql', query, long);
    expect(gateway.errors).toBeUndefined();
    expect(gateway.data.dataset).toEqual(hub.data.dataset);

    // The REST facade's routes that take an urn.
    for (const group of ['de', 'da', 'dg']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/spoke/${group}/datasets/${enc(long)}/attrs`,
      });
      expect(res.statusCode, `${group}: ${res.body}`).toBe(200);
      expect(res.json<Body>().urn).toBe(long);
    }
    const da = await app.inject({ method: 'GET', url: `/api/v1/spoke/da/datasets/${enc(long)}/attrs` });
    expect(da.json<Body>()).toMatchObject({ description: '', fields: [{ field_path: 'id' }] });
    const validate = await app.inject({
      method: 'POST',
      url: `/api/v1/spoke/de/datasets/${enc(long)}/methods/validate?dry_run=true`,
    });
    expect(validate.statusCode, validate.body).toBe(200);
    expect(validate.json<Body>().dataset_urn).toBe(long);
    const events = await app.inject({ method: 'GET', url: `/api/v1/spoke/de/datasets/${enc(long)}/events` });
    expect(events.statusCode).toBe(200);
  });

  it('refuses an urn longer than DataHub allows on every route, with a code and the reason', async () => {
    const reason = /513 bytes URL-encoded; DataHub allows at most 512/;
    const write = await app.inject({
      method: 'POST',
      url: '/gms/aspects?action=ingestProposal',
      payload: {
        proposal: {
          entityType: 'dataset',
          entityUrn: over,
          changeType: 'UPSERT',
          aspectName: 'status',
          aspect: { value: '{"removed":false}', contentType: 'application/json' },
        },
      },
    });
    expect(write.statusCode).toBe(400);
    expect(write.json<Body>()).toMatchObject({
      error_code: 'INVALID_URN',
      message: expect.stringMatching(reason),
    });

    for (const url of [
      `/gms/aspects/${enc(over)}?aspect=status`,
      `/gms/entitiesV2/${enc(over)}`,
      `/api/v1/spoke/de/datasets/${enc(over)}/attrs`,
      `/api/v1/spoke/da/datasets/${enc(over)}/attrs`,
      `/api/v1/spoke/dg/datasets/${enc(over)}/attrs`,
      `/api/v1/spoke/de/datasets/${enc(over)}/events`,
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<Body>(), url).toMatchObject({
        error_code: 'INVALID_URN',
        message: expect.stringMatching(reason),
      });
    }

    const query = 'query($urn: String!) { dataset(urn: $urn) { urn } }';
    const hub = await graphql('/gms/api/graphql', query, over);
    expect(hub.errors?.[0]).toMatchObject({
      message: expect.stringMatching(reason),
      extensions: { type: 'BAD_REQUEST' },
    });
    const gateway = await graphql('/graphql', query, over);
    expect(gateway.errors?.[0]).toMatchObject({
      message: expect.stringMatching(reason),
      extensions: { code: 'INVALID_URN' },
    });

    // Far longer than any urn: still the route's answer, not the router's "No route".
    for (const url of [
      `/api/v1/spoke/da/datasets/${enc(datasetUrn(10_000))}/attrs`,
      `/gms/entitiesV2/${enc(datasetUrn(10_000))}`,
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<Body>(), url).toMatchObject({ error_code: 'INVALID_URN' });
    }
  });
});
