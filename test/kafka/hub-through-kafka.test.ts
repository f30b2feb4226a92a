import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import { datahubAvro, frameAvro, framedSchemaId, unframeAvro } from '@dataspoke/hub/events/confluent-avro';
import { changeLogToAvro } from '@dataspoke/hub/events/change-log-codec';
import { openEmbeddedStack, type EmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { buildServer } from '@dataspoke/gateway/server';
import {
  deleteTopics,
  eventually,
  kafkaNames,
  readTopic,
  testKafka,
  TEST_KAFKA_BROKERS,
} from './kafka-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATAHUB_CLI = path.join(ROOT, '.venv/bin/datahub');

/**
 * The embedded hub on the wire as DataHub's GMS: its writes go out as MetadataChangeLog records on Kafka,
 * with their schema in the registry it serves, and DataSpoke's own consumer follows them into search.
 */
describe.skipIf(!TEST_KAFKA_BROKERS)('embedded hub through Kafka (real broker)', () => {
  const names = kafkaNames();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-kafka-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    stack = await openEmbeddedStack(
      loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_EMBEDDER: 'none', ...names.env }),
      { log: () => undefined },
    );
    app = await buildServer(stack, { logger: false, open: true });
    // DataHub's Kafka sink reaches the schema registry over HTTP.
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteTopics(names.env);
  });

  const search = async (query: string): Promise<string[] | undefined> => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: {
        query: `{ search(query: ${JSON.stringify(query)}, method: LEXICAL) { results { dataset { urn } } } }`,
      },
    });
    return res
      .json<{ data?: { search: { results: { dataset: { urn: string } }[] } } }>()
      .data?.search.results.map((r) => r.dataset.urn);
  };

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

  it('sends a record it cannot decode or apply to the dead-letter topic, with its error, and goes on', async () => {
    const topic = names.env.METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME;
    const valid = (urn: string, name: string) =>
      frameAvro(
        1,
        datahubAvro.metadataChangeLog,
        changeLogToAvro({
          entityType: 'dataset',
          entityUrn: urn,
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: { name },
          created: { time: Date.now(), actor: 'urn:li:corpuser:datahub' },
          timeseries: false,
        }),
      );
    // A change the hub's model cannot hold: its aspect is not a JSON object.
    const notAnObject = changeLogToAvro({
      entityType: 'dataset',
      entityUrn: 'urn:li:dataset:(urn:li:dataPlatform:hive,poison,PROD)',
      changeType: 'UPSERT',
      aspectName: 'datasetProperties',
      created: { time: Date.now(), actor: 'urn:li:corpuser:datahub' },
      timeseries: false,
    });
    notAnObject.aspect = { value: Buffer.from('[1, 2'), contentType: 'application/json' };
    const after = `urn:li:dataset:(urn:li:dataPlatform:hive,poison_${names.run}.after_the_poison,PROD)`;
    const appliedBefore = await stack.kafka!.metrics.count(topic, 'applied');
    const producer = testKafka().producer();
    await producer.connect();
    // One key: the poison and the good record after it share a partition, so the good one waits on the poison.
    const key = 'urn:li:dataset:(urn:li:dataPlatform:hive,poison,PROD)';
    await producer.send({
      topic,
      messages: [
        { key, value: Buffer.from('not avro at all') },
        { key, value: Buffer.concat([Buffer.from([0, 0, 0, 3, 231]), Buffer.from('unknown schema 999')]) },
        { key, value: frameAvro(1, datahubAvro.metadataChangeLog, notAnObject) },
        { key, value: valid(after, 'after_the_poison') },
      ],
    });
    await producer.disconnect();

    const dead = await readTopic(names.env.DATASPOKE_DEAD_LETTER_TOPIC, 3);
    const codes = dead.map((m) => m.headers?.['dataspoke.error.code']?.toString());
    expect(codes).toEqual(['NOT_CONFLUENT_FRAMED', 'UNKNOWN_SCHEMA_ID', 'NOT_A_CHANGE']);
    for (const m of dead) {
      expect(m.headers?.['dataspoke.source.topic']?.toString()).toBe(topic);
      expect(m.headers?.['dataspoke.error']?.toString().length).toBeGreaterThan(10);
    }
    expect(dead[0]!.value!.toString()).toBe('not avro at all');
    // The partition went on past them: the change behind them was applied.
    await eventually(
      async () =>
        (await stack.kafka!.metrics.count(topic, 'applied')) === appliedBefore + 1 ? true : undefined,
      'the record after the poison to be applied',
    );
    expect(await stack.kafka!.metrics.count(topic, 'dead_lettered')).toBe(3);
  });

  it.skipIf(!existsSync(DATAHUB_CLI))(
    "takes DataHub's datahub-kafka sink: `datahub ingest` into the hub through Kafka",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-kafka-sink-'));
      try {
        const urns = [0, 1].map(
          (i) => `urn:li:dataset:(urn:li:dataPlatform:snowflake,sink_${names.run}.loyalty_points_${i},PROD)`,
        );
        writeFileSync(
          path.join(dir, 'mcps.json'),
          JSON.stringify(
            urns.map((urn, i) => ({
              entityType: 'dataset',
              entityUrn: urn,
              changeType: 'UPSERT',
              aspectName: 'datasetProperties',
              aspect: {
                json: { name: `loyalty_points_${i}`, description: 'Loyalty points earned per purchase' },
              },
            })),
          ),
        );
        const recipe = {
          source: { type: 'file', config: { path: path.join(dir, 'mcps.json') } },
          sink: {
            type: 'datahub-kafka',
            config: {
              connection: {
                bootstrap: TEST_KAFKA_BROKERS,
                schema_registry_url: `${baseUrl}/gms/schema-registry/api`,
              },
              topic_routes: { MetadataChangeProposal: names.env.METADATA_CHANGE_PROPOSAL_TOPIC_NAME },
            },
          },
        };
        writeFileSync(path.join(dir, 'recipe.json'), JSON.stringify(recipe));
        const run = await promisify(execFile)(DATAHUB_CLI, ['ingest', '-c', path.join(dir, 'recipe.json')], {
          env: { ...process.env, DATAHUB_TELEMETRY_ENABLED: 'false', HOME: dir },
          timeout: 120_000,
        }).catch((error: { stdout?: string; stderr?: string }) => {
          throw new Error(`datahub ingest failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
        });
        expect(run.stdout).toMatch(/Pipeline finished/);
        // GMS's MCE consumer role: the hub ingested the proposals, and its change log made them searchable.
        for (const urn of urns) {
          const aspect = await eventually(async () => {
            const res = await app.inject({
              method: 'GET',
              url: `/gms/aspects/${encodeURIComponent(urn)}?aspect=datasetProperties&version=0`,
            });
            return res.statusCode === 200 ? res.json<object>() : undefined;
          }, `${urn} in the hub`);
          expect(JSON.stringify(aspect)).toContain('Loyalty points earned per purchase');
        }
        const found = await eventually(async () => {
          const hits = await search('loyalty points');
          return urns.every((u) => hits?.includes(u)) ? hits : undefined;
        }, 'the sink datasets to be searchable');
        expect(found).toEqual(expect.arrayContaining(urns));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
