import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';

/** The broker dev_env/services.sh starts (eval "$(dev_env/services.sh env)"); dev_env/test.sh sets it. */
export const TEST_KAFKA_BROKERS = process.env.DATASPOKE_TEST_KAFKA_BROKERS;

export const KAFKA_SKIP_REASON =
  'DATASPOKE_TEST_KAFKA_BROKERS is not set: this test needs the Apache Kafka broker that dev_env/test.sh starts (dev_env/services.sh start kafka)';

if (!TEST_KAFKA_BROKERS) console.warn(`[skip] Kafka tests: ${KAFKA_SKIP_REASON}`);

/** Topic and group names of one test, so that runs sharing the broker never read each other's records. */
export function kafkaNames() {
  const run = randomBytes(4).toString('hex');
  return {
    run,
    env: {
      KAFKA_BROKERS: TEST_KAFKA_BROKERS ?? '',
      KAFKA_CLIENT_ID: `dataspoke-test-${run}`,
      METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME: `test_${run}_MetadataChangeLog_Versioned_v1`,
      METADATA_CHANGE_LOG_TIMESERIES_TOPIC_NAME: `test_${run}_MetadataChangeLog_Timeseries_v1`,
      METADATA_CHANGE_PROPOSAL_TOPIC_NAME: `test_${run}_MetadataChangeProposal_v1`,
      DATASPOKE_CONSUMER_GROUP: `test_${run}_dataspoke-consumers`,
      DATASPOKE_PROPOSAL_CONSUMER_GROUP: `test_${run}_dataspoke-mce-consumer`,
      DATASPOKE_DEAD_LETTER_TOPIC: `test_${run}_DataSpoke_MetadataChangeLog_DLQ`,
      DATASPOKE_PROPOSAL_DEAD_LETTER_TOPIC: `test_${run}_DataSpoke_MetadataChangeProposal_DLQ`,
      KAFKA_TOPIC_PARTITIONS: '2',
    },
  };
}

export function testKafka(): Kafka {
  return new Kafka({
    brokers: (TEST_KAFKA_BROKERS ?? '').split(','),
    clientId: 'dataspoke-test',
    logLevel: logLevel.NOTHING,
  });
}

/** Every record of a topic from its start (waits up to `timeoutMs` for at least `atLeast`). */
export async function readTopic(topic: string, atLeast: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  const kafka = testKafka();
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`only ${messages.length} of ${atLeast} records on ${topic} after ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: ({ message }) => {
          messages.push(message);
          if (messages.length >= atLeast) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export async function deleteTopics(names: Record<string, string>): Promise<void> {
  const admin: Admin = testKafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = Object.entries(names)
      .filter(([k]) => k.endsWith('TOPIC_NAME') || k.endsWith('DEAD_LETTER_TOPIC'))
      .map(([, v]) => v)
      .filter((t) => existing.has(t));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Polls `probe` until it returns a value other than undefined. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
