import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaTopicSpec } from '../../ports/techspec-source.js';
import { kafkaSourceType } from './kafka-source.js';

/** The Kafka source over the real broker of dev_env/services.sh: what an engineer reads of each topic. */

const BROKERS = process.env.DATASPOKE_TEST_KAFKA_BROKERS;
const SKIP =
  'DATASPOKE_TEST_KAFKA_BROKERS is not set: this test needs the Kafka broker that dev_env/test.sh starts';
if (!BROKERS) console.warn(`kafka-source.test: skipped: ${SKIP}`);

describe.skipIf(!BROKERS)('Kafka technical spec source', () => {
  const run = randomBytes(4).toString('hex');
  const orders = `techspec_${run}_orders`;
  const audit = `techspec_${run}_audit`;
  const kafka = new Kafka({
    brokers: (BROKERS ?? '').split(','),
    clientId: 'techspec-test',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: orders,
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [
            { name: 'retention.ms', value: '3600000' },
            { name: 'compression.type', value: 'zstd' },
            { name: 'max.message.bytes', value: '2000000' },
          ],
        },
        {
          topic: audit,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    // Idempotent, so that a retried send does not write a message twice.
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    await producer.send({
      topic: orders,
      messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `order ${i}` })),
    });
    await producer.disconnect();
    // A consumer group that has read 10 of the 30 messages of partition 0 and nothing of the others.
    await admin.setOffsets({
      groupId: `techspec_${run}_billing`,
      topic: orders,
      partitions: [{ partition: 0, offset: '0' }],
    });
    const offsets = await admin.fetchTopicOffsets(orders);
    const p0 = Number(offsets.find((o) => o.partition === 0)!.high);
    await admin.setOffsets({
      groupId: `techspec_${run}_billing`,
      topic: orders,
      partitions: [{ partition: 0, offset: String(Math.max(0, p0 - 4)) }],
    });
  }, 60_000);

  afterAll(async () => {
    await admin.deleteGroups([`techspec_${run}_billing`]).catch(() => undefined);
    await admin.deleteTopics({ topics: [orders, audit] }).catch(() => undefined);
    await admin.disconnect();
  });

  const source = (extra: Record<string, unknown> = {}) =>
    kafkaSourceType.open('events', {
      brokers: (BROKERS ?? '').split(','),
      topicPattern: `^techspec_${run}_`,
      ...extra,
    });

  it('reads partitions, replicas, configuration, size and consumer lag, named by DataHub urns', async () => {
    const observations = await source().collect({ signal: new AbortController().signal });
    expect(observations.map((o) => o.urn)).toEqual([
      `urn:li:dataset:(urn:li:dataPlatform:kafka,${audit},PROD)`,
      `urn:li:dataset:(urn:li:dataPlatform:kafka,${orders},PROD)`,
    ]);
    const spec = observations[1]!.spec as KafkaTopicSpec;
    expect(spec).toMatchObject({
      kind: 'kafka',
      topic: orders,
      partitions: 3,
      replicationFactor: 1,
      underReplicatedPartitions: 0,
      minInSyncReplicaCount: 1,
      minInsyncReplicas: 1,
      retentionMs: 3_600_000,
      retentionBytes: -1,
      cleanupPolicy: 'delete',
      compressionType: 'zstd',
      maxMessageBytes: 2_000_000,
      messageCount: 30,
      consumerGroups: [{ groupId: `techspec_${run}_billing`, lag: 4 }],
    });
    expect((observations[0]!.spec as KafkaTopicSpec).cleanupPolicy).toBe('compact');
    expect((observations[0]!.spec as KafkaTopicSpec).consumerGroups).toEqual([]);
  }, 30_000);

  it('prefixes the platform instance', async () => {
    const observations = await source({ platformInstance: 'eu1', env: 'DEV', consumerGroups: false }).collect(
      {
        signal: new AbortController().signal,
      },
    );
    expect(observations[1]!.urn).toBe(`urn:li:dataset:(urn:li:dataPlatform:kafka,eu1.${orders},DEV)`);
  }, 30_000);

  it('says a broker that cannot be reached is unreachable', async () => {
    await expect(
      kafkaSourceType
        .open('down', { brokers: ['127.0.0.1:1'], connectTimeoutMs: 500 })
        .collect({ signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: 'SOURCE_UNREACHABLE' });
  }, 30_000);

  it('refuses unknown keys and a SASL password in clear is the configuration checker’s to refuse', () => {
    const parsed = kafkaSourceType.schema.safeParse({ brokers: ['nohost'], topics: ['x'] });
    expect(parsed.success).toBe(false);
    const text = JSON.stringify(!parsed.success && parsed.error.issues);
    expect(text).toContain('host:port');
    expect(text).toContain('topics');
    expect(kafkaSourceType.secretKeys).toContain('sasl.password');
  });
});
