import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import { datahubAvro, framedSchemaId, unframeAvro } from '@dataspoke/hub/events/confluent-avro';
import { openEmbeddedStack, type EmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { buildServer } from '@dataspoke/gateway/server';
import { deleteTopics, eventually, kafkaNames, readTopic, TEST_KAFKA_BROKERS } from './kafka-env.js';

/**
 * The embedded hub on the wire as DataHub's GMS: its writes go out as MetadataChangeLog records on Kafka,
 * with their schema in the registry it serves, and DataSpoke's own consumer follows them into search.
 */
describe.skipIf(!TEST_KAFKA_BROKERS)('embedded hub through Kafka (real broker)', () => {
  const names = kafkaNames();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-kafka-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;

  beforeAll(async () => {
    stack = await openEmbeddedStack(
      loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_EMBEDDER: 'none', ...names.env }),
      { log: () => undefined },
    );
    app = await buildServer(stack, { logger: false, open: true });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteTopics(names.env);
  });

  const datasetUrn = `urn:li:dataset:(urn:li:dataPlatform:postgres,shop_${names.run}.public.kafka_refund_ledger,PROD)`;

  it('publishes a hub write as a framed MetadataChangeLog record that search then finds', async () => {
    const write = await app.inject({
      method: 'POST',
      url: '/gms/aspects?action=ingestProposal',
      payload: {
        proposal: {
          entityType: 'dataset',
          entityUrn: datasetUrn,
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: {
            contentType: 'application/json',
            value: JSON.stringify({
              name: 'kafka_refund_ledger',
              description: 'Refunds paid back to customers',
            }),
          },
        },
      },
    });
    expect(write.statusCode).toBe(200);

    // On the wire: magic byte, the registry's id of DataHub's MetadataChangeLog schema, Avro.
    const [record] = await readTopic(names.env.METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME, 1);
    expect(record!.key!.toString()).toBe(datasetUrn);
    const id = framedSchemaId(record!.value);
    const registered = await app.inject({ method: 'GET', url: `/gms/schema-registry/api/schemas/ids/${id}` });
    expect(registered.statusCode).toBe(200);
    const writer = JSON.parse(registered.json<{ schema: string }>().schema) as {
      name: string;
      namespace: string;
    };
    expect(`${writer.namespace}.${writer.name}`).toBe('com.linkedin.pegasus2avro.mxe.MetadataChangeLog');
    const decoded = unframeAvro(
      record!.value!,
      datahubAvro.metadataChangeLog,
      datahubAvro.metadataChangeLog,
    ) as {
      entityUrn: string;
      aspectName: string;
      aspect: { value: Buffer };
    };
    expect(decoded).toMatchObject({ entityUrn: datasetUrn, aspectName: 'datasetProperties' });
    expect(JSON.parse(decoded.aspect.value.toString())).toMatchObject({ name: 'kafka_refund_ledger' });

    // The consumer applied it: the search index has the dataset.
    const found = await eventually(async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        payload: {
          query: '{ search(query: "refund ledger", method: LEXICAL) { results { dataset { urn } } } }',
        },
      });
      const urns = res
        .json<{ data?: { search: { results: { dataset: { urn: string } }[] } } }>()
        .data?.search.results.map((r) => r.dataset.urn);
      return urns?.includes(datasetUrn) ? urns : undefined;
    }, 'the dataset to be searchable');
    expect(found).toContain(datasetUrn);
    expect(
      await stack.kafka!.metrics.count(names.env.METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME, 'applied'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('serves the schema registry API that Confluent clients read', async () => {
    const subjects = await app.inject({ method: 'GET', url: '/gms/schema-registry/api/subjects' });
    expect(subjects.json()).toEqual(
      expect.arrayContaining([
        `${names.env.METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME}-value`,
        `${names.env.METADATA_CHANGE_PROPOSAL_TOPIC_NAME}-value`,
      ]),
    );
    const latest = await app.inject({
      method: 'GET',
      url: `/gms/schema-registry/api/subjects/${names.env.METADATA_CHANGE_LOG_TIMESERIES_TOPIC_NAME}-value/versions/latest`,
    });
    expect(latest.json()).toMatchObject({ version: 1, id: 1 });
    const missing = await app.inject({ method: 'GET', url: '/gms/schema-registry/api/schemas/ids/999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error_code: 40403, message: 'Schema not found' });
    const bad = await app.inject({
      method: 'POST',
      url: '/gms/schema-registry/api/subjects/x-value/versions',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      payload: JSON.stringify({ schema: '{"type": "recrd"}' }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error_code: 42201 });
  });
});
