import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import { freeLoopbackPort } from '@dataspoke/platform/testing/free-port';
import { rowsOf } from '@dataspoke/platform/store/db';
import { storeKinds, TEST_DATABASE_URL, type TestStore } from '@dataspoke/platform/testing/stores';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { openKafkaEvents, type KafkaEvents } from '@dataspoke/hub/events/kafka-events';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import {
  consumerMetric,
  startConsumerProcess,
  stopConsumerProcess,
  type ConsumerProcess,
} from '@dataspoke/gateway/testing/consumer-process';
import { eventually, kafkaNames, TEST_KAFKA_BROKERS } from './kafka-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICES = path.join(ROOT, 'dev_env/services.sh');
// A broker of its own, on ports free when the file starts: this file restarts it, which must not disturb the
// tests sharing the common one (or another test run on the machine).
interface BrokerPorts {
  port: number;
  controllerPort: number;
}
const DATASETS = 1200;

const skipReason = !TEST_KAFKA_BROKERS
  ? 'DATASPOKE_TEST_KAFKA_BROKERS is not set (dev_env/test.sh sets it once the broker services.sh starts is up)'
  : !TEST_DATABASE_URL
    ? 'DATASPOKE_TEST_DATABASE_URL is not set: consumer processes share their results through PostgreSQL'
    : undefined;
if (skipReason) console.warn(`[skip] dataspoke consumer process tests: ${skipReason}`);

function broker(command: 'start' | 'stop', dir: string, ports: BrokerPorts): void {
  const run = spawnSync('bash', [SERVICES, command, 'kafka'], {
    env: {
      ...process.env,
      DATASPOKE_KAFKA_PORT: String(ports.port),
      DATASPOKE_KAFKA_CONTROLLER_PORT: String(ports.controllerPort),
      DATASPOKE_KAFKA_DIR: dir,
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`services.sh ${command} kafka failed: ${run.stderr}`);
}

describe.skipIf(skipReason !== undefined)('dataspoke consumer: kill, restart, replay, broker restart', () => {
  const names = kafkaNames();
  const env = { ...names.env, KAFKA_BROKERS: '', KAFKA_TOPIC_PARTITIONS: '3' };
  let ports: BrokerPorts | undefined;
  const brokerDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-kafka-broker-'));
  let testStore: TestStore;
  let kafka: KafkaEvents;
  let hub: EmbeddedHub;
  let consumerEnv: Record<string, string>;
  const running: ConsumerProcess[] = [];

  const urnOf = (i: number) =>
    `urn:li:dataset:(urn:li:dataPlatform:hive,replay_${names.run}.orders_${i},PROD)`;
  const proposal = (i: number, description: string): MetadataChangeProposal => ({
    entityType: 'dataset',
    entityUrn: urnOf(i),
    changeType: 'UPSERT',
    aspectName: 'datasetProperties',
    aspect: { name: `orders_${i}`, description },
  });
  const ledgerCount = async () =>
    Number(
      rowsOf<{ n: string }>(
        await testStore.store.db.execute(
          sql`select count(*) as n from spoke.applied_change where consumer_group = ${env.DATASPOKE_CONSUMER_GROUP}`,
        ),
      )[0]!.n,
    );
  const indexedCount = async () =>
    Number(
      rowsOf<{ n: string }>(
        await testStore.store.db.execute(
          sql`select count(*) as n from spoke_da.dataset_doc where urn like ${`%replay_${names.run}.%`}`,
        ),
      )[0]!.n,
    );

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    let controllerPort = await freeLoopbackPort();
    while (controllerPort === port) controllerPort = await freeLoopbackPort();
    ports = { port, controllerPort };
    env.KAFKA_BROKERS = `127.0.0.1:${port}`;
    broker('start', brokerDir, ports);
    testStore = await storeKinds()
      .find((k) => k.name === 'postgres')!
      .open();
    const config = loadConfig({ ...env, DATABASE_URL: testStore.databaseUrl! });
    kafka = await openKafkaEvents(
      { ...config.kafka, brokers: config.kafka.brokers! },
      { log: () => undefined },
    );
    // The writer: an embedded hub on the shared store whose changes go to Kafka, as a GMS's would.
    hub = new EmbeddedHub({ store: testStore.store, events: kafka.bus, indexer: new HubSearchIndexer() });
    consumerEnv = {
      ...env,
      DATABASE_URL: testStore.databaseUrl!,
      DATASPOKE_EMBEDDER: 'none',
      DATASPOKE_METRICS_PORT: '0',
      DATASPOKE_DEMO: 'false',
    };
  });
  afterAll(async () => {
    for (const c of running) await stopConsumerProcess(c, 'SIGKILL');
    await kafka?.close();
    await testStore?.dispose();
    try {
      if (ports) broker('stop', brokerDir, ports);
    } finally {
      rmSync(brokerDir, { recursive: true, force: true });
    }
  });

  it('a consumer killed mid-stream and restarted loses nothing and applies nothing twice', async () => {
    for (let start = 0; start < DATASETS; start += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => proposal(start + k, `first load of ${start + k}`));
      expect((await hub.ingest(batch)).failed).toBe(0);
    }
    const first = await startConsumerProcess(consumerEnv);
    running.push(first);
    // Killed (no chance to finish) once it has committed some of the stream and not all of it.
    await eventually(
      async () => ((await ledgerCount()) > 0 ? true : undefined),
      'the first consumer to apply a chunk',
      150_000,
    );
    await stopConsumerProcess(first, 'SIGKILL');
    const appliedBeforeKill = await ledgerCount();
    expect(appliedBeforeKill).toBeLessThan(DATASETS);

    const second = await startConsumerProcess(consumerEnv);
    running.push(second);
    await eventually(
      async () => ((await ledgerCount()) === DATASETS ? true : undefined),
      'every change to be applied',
      120_000,
    );
    await eventually(
      async () => ((await consumerMetric(second, 'dataspoke_kafka_consumer_lag')) === 0 ? true : undefined),
      'the lag to reach 0',
    );
    const applied = await consumerMetric(second, 'dataspoke_kafka_records_total', { outcome: 'applied' });
    const duplicates = await consumerMetric(second, 'dataspoke_kafka_records_total', {
      outcome: 'duplicate',
    });
    console.info(
      `[kafka] killed after ${appliedBeforeKill}/${DATASETS} changes were applied; the restarted consumer applied ${applied} and skipped ${duplicates} redelivered`,
    );
    // Nothing applied twice: the restarted consumer applied exactly what the first had not.
    expect(applied).toBe(DATASETS - appliedBeforeKill);
    // Nothing lost: every dataset is in the search index.
    expect(await indexedCount()).toBe(DATASETS);
    await stopConsumerProcess(second, 'SIGTERM');
    expect(second.child.exitCode).toBe(0);
  }, 420_000);

  it('a replay from the start of the topics applies nothing again', async () => {
    const admin = new Kafka({ brokers: [env.KAFKA_BROKERS], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    for (const topic of [
      env.METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME,
      env.METADATA_CHANGE_LOG_TIMESERIES_TOPIC_NAME,
    ])
      await admin.resetOffsets({ groupId: env.DATASPOKE_CONSUMER_GROUP, topic, earliest: true });
    await admin.disconnect();
    const replay = await startConsumerProcess(consumerEnv);
    running.push(replay);
    await eventually(
      async () =>
        (await consumerMetric(replay, 'dataspoke_kafka_records_total', { outcome: 'duplicate' })) === DATASETS
          ? true
          : undefined,
      'the replayed records to be counted as duplicates',
      150_000,
    );
    expect(await consumerMetric(replay, 'dataspoke_kafka_records_total', { outcome: 'applied' })).toBe(0);
    expect(await ledgerCount()).toBe(DATASETS);

    // The broker restarts under the running consumer, which resumes with the changes written after it.
    broker('stop', brokerDir, ports!);
    broker('start', brokerDir, ports!);
    const after = Array.from({ length: 20 }, (_, k) =>
      proposal(DATASETS + k, 'written after the broker came back'),
    );
    expect((await hub.ingest(after)).failed).toBe(0);
    await eventually(
      async () => ((await ledgerCount()) === DATASETS + 20 ? true : undefined),
      'the consumer to resume after the broker restart',
      120_000,
    );
    expect(await indexedCount()).toBe(DATASETS + 20);
    expect(await consumerMetric(replay, 'dataspoke_kafka_records_total', { outcome: 'applied' })).toBe(20);
  }, 420_000);
});
