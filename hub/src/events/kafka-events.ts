import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';
import type { KafkaConfig } from '@dataspoke/platform/config/config';
import type { Store } from '@dataspoke/platform/store/db';
import type { MetadataChangeProposal } from '../model.js';
import type { IngestOutcome } from '../ingest-result.js';
import { AppliedChangeLedger } from './applied-changes.js';
import { ChangeLogHandler, ProposalHandler } from './change-log-consumer.js';
import { ConsumerMetrics } from './event-metrics.js';
import { KafkaEventBus } from './kafka-event-bus.js';
import { RecordConsumer } from './record-consumer.js';
import { HttpSchemaRegistry, InMemorySchemaRegistry, type SchemaLookup } from './schema-registry.js';

/** kafkajs's log lines, on stderr in one line each (warnings and errors only). */
function kafkaLog(log: (line: string) => void) {
  return () =>
    ({ namespace, level, log: entry }: LogEntry) => {
      if (level > logLevel.WARN) return;
      log(`kafka ${namespace}: ${entry.message}${entry.error ? ` (${String(entry.error)})` : ''}`);
    };
}

export interface KafkaEvents {
  /** The hub's event port: publishes to Kafka; its subscribers are driven by `consumeChangeLog`. */
  bus: KafkaEventBus;
  /** The Confluent-compatible registry the embedded hub serves at /gms/schema-registry/api/. */
  registry: InMemorySchemaRegistry;
  metrics: ConsumerMetrics;
  /** Joins the change-log consumer group; resolves once it runs. */
  consumeChangeLog(deps: { store: Store; settle: () => Promise<void> }): Promise<void>;
  /** Joins the proposal consumer group (GMS's MCE consumer); resolves once it runs. */
  consumeProposals(
    ingest: (p: MetadataChangeProposal[]) => Promise<{ outcomes: IngestOutcome[] }>,
  ): Promise<void>;
  /** Resolves when a broker answers a metadata request (readiness); rejects at once when none does. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the Kafka side of one process from its configuration: a producer (the hub's changes, dead letters),
 * the topics when missing, the schema registry, and the consumers the process asks for.
 */
export async function openKafkaEvents(
  config: KafkaConfig & { brokers: string[] },
  options: { gmsUrl?: string; token?: string; log?: (line: string) => void } = {},
): Promise<KafkaEvents> {
  const log = options.log ?? ((line: string) => console.error(line));
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    logCreator: kafkaLog(log),
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  const topics = { versioned: config.versionedTopic, timeseries: config.timeseriesTopic };
  const registry = new InMemorySchemaRegistry({
    metadataChangeLog: [topics.versioned, topics.timeseries],
    metadataChangeProposal: [config.proposalTopic],
  });
  const registryUrl =
    config.schemaRegistryUrl ??
    (options.gmsUrl && `${options.gmsUrl.replace(/\/+$/, '')}/schema-registry/api`);
  const schemas: SchemaLookup = registryUrl ? new HttpSchemaRegistry(registryUrl, options.token) : registry;

  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      topics.versioned,
      topics.timeseries,
      config.proposalTopic,
      config.deadLetterTopic,
      config.proposalDeadLetterTopic,
    ];
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0)
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: config.partitions })),
      });
  } finally {
    await admin.disconnect();
  }

  // One request in flight keeps each partition's records in the order they were sent through retries. Not
  // kafkajs's idempotent mode, which wants retries without end (a hub write would hang while Kafka is away):
  // a record a retry sent twice is a redelivery, which the consumers skip.
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const bus = new KafkaEventBus(producer, topics, InMemorySchemaRegistry.METADATA_CHANGE_LOG_ID);
  const metrics = new ConsumerMetrics();
  const consumers: { stop(): Promise<void> }[] = [];
  let closed = false;
  // Readiness asks often and must not wait through the producer's retries: one try, then it reports down.
  const probe = new Kafka({
    clientId: `${config.clientId}-probe`,
    brokers: config.brokers,
    logCreator: kafkaLog(() => undefined),
    retry: { retries: 0 },
    connectionTimeout: 1_000,
  });

  return {
    bus,
    registry,
    metrics,
    consumeChangeLog: async ({ store, settle }) => {
      const consumer = new RecordConsumer({
        kafka,
        producer,
        groupId: config.consumerGroup,
        topics: [topics.versioned, topics.timeseries],
        deadLetterTopic: config.deadLetterTopic,
        metrics,
        log,
        handler: new ChangeLogHandler({
          schemas,
          timeseriesTopic: topics.timeseries,
          ledger: new AppliedChangeLedger(store, config.consumerGroup),
          apply: (event) => bus.apply(event),
          settle,
        }),
      });
      consumers.push(consumer);
      await consumer.start();
    },
    consumeProposals: async (ingest) => {
      const consumer = new RecordConsumer({
        kafka,
        producer,
        groupId: config.proposalConsumerGroup,
        topics: [config.proposalTopic],
        deadLetterTopic: config.proposalDeadLetterTopic,
        metrics,
        log,
        handler: new ProposalHandler({ schemas, ingest }),
      });
      consumers.push(consumer);
      await consumer.start();
    },
    ping: async () => {
      const admin = probe.admin();
      await admin.connect();
      try {
        await admin.describeCluster();
      } finally {
        await admin.disconnect();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const consumer of consumers.splice(0)) await consumer.stop();
      await producer.disconnect();
    },
  };
}
