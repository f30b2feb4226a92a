import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { UndecodableRecordError } from './confluent-avro.js';
import type { ConsumerMetrics } from './event-metrics.js';

/** One record of a batch, decoded. */
export interface DecodedRecord<T> {
  message: KafkaMessage;
  value: T;
}

/** A record its handler could not apply, for the dead-letter topic. */
export interface RecordFailure {
  message: KafkaMessage;
  error: Error;
}

export interface BatchOutcome {
  applied: number;
  duplicates: number;
  failures: RecordFailure[];
}

/**
 * What a consumer does with its records. `decode` throws UndecodableRecordError for a record that can never
 * be read (it goes to the dead-letter topic) and anything else for a passing fault (the batch is retried).
 * `apply` returns only when its effects are durable: the offsets after the batch are committed next.
 */
export interface RecordHandler<T> {
  decode(message: KafkaMessage, topic: string): Promise<T>;
  apply(records: DecodedRecord<T>[], topic: string): Promise<BatchOutcome>;
}

export interface RecordConsumerOptions<T> {
  kafka: Kafka;
  /** Sends dead letters; shared with the process's other producers. */
  producer: Producer;
  groupId: string;
  topics: readonly string[];
  deadLetterTopic: string;
  handler: RecordHandler<T>;
  metrics: ConsumerMetrics;
  /** Largest number of records applied, settled and committed together. */
  chunkSize?: number;
  log?: (line: string) => void;
  /** Read the topics from their start when the group has no committed offset (DataHub's consumers do not). */
  fromBeginning?: boolean;
}

const textHeader = (value: string): Buffer => Buffer.from(value, 'utf8');

/**
 * A consumer group member that reads framed records in partition order, applies them in chunks, sends what
 * it cannot decode or apply to the dead-letter topic with the reason, and commits a chunk's offsets only after
 * its effects (at-least-once; the handler makes a redelivery harmless). A dead letter never holds up the
 * records behind it; a passing fault (the database or the registry away) retries the chunk.
 */
export class RecordConsumer<T> {
  private consumer: Consumer | undefined;

  constructor(private readonly options: RecordConsumerOptions<T>) {}

  async start(): Promise<void> {
    const { kafka, groupId, topics, metrics } = this.options;
    const log = this.options.log ?? ((line: string) => console.error(line));
    const consumer = kafka.consumer({
      groupId,
      // A crashed member's partitions move to the others after this long without a heartbeat.
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: {
        retries: 8,
        initialRetryTime: 300,
        maxRetryTime: 10_000,
        restartOnFailure: () => Promise.resolve(true),
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      log(
        `kafka consumer ${groupId}: crashed (${String(event.payload.error)}); restarting: ${event.payload.restart}`,
      );
    });
    await consumer.connect();
    for (const topic of topics)
      await consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    const chunkSize = this.options.chunkSize ?? 500;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        for (let start = 0; start < batch.messages.length; start += chunkSize) {
          if (!payload.isRunning() || payload.isStale()) return;
          const chunk = batch.messages.slice(start, start + chunkSize);
          const timer = metrics.batchSeconds.startTimer({ topic: batch.topic });
          await this.applyChunk(batch.topic, batch.partition, chunk);
          const last = chunk.at(-1)!.offset;
          const next = (BigInt(last) + 1n).toString();
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
          payload.resolveOffset(last);
          timer();
          const partition = String(batch.partition);
          metrics.lastCommit.set({ topic: batch.topic, partition }, Date.now() / 1000);
          metrics.lag.set(
            { topic: batch.topic, partition },
            Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))),
          );
          await payload.heartbeat();
        }
      },
    });
  }

  private async applyChunk(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const { handler, metrics } = this.options;
    const decoded: DecodedRecord<T>[] = [];
    const dead: RecordFailure[] = [];
    for (const message of messages) {
      try {
        decoded.push({ message, value: await handler.decode(message, topic) });
      } catch (error) {
        if (!(error instanceof UndecodableRecordError)) throw error;
        dead.push({ message, error });
      }
    }
    const outcome =
      decoded.length > 0 ? await handler.apply(decoded, topic) : { applied: 0, duplicates: 0, failures: [] };
    dead.push(...outcome.failures);
    if (dead.length > 0) await this.deadLetter(topic, partition, dead);
    metrics.records.inc({ topic, outcome: 'applied' }, outcome.applied);
    metrics.records.inc({ topic, outcome: 'duplicate' }, outcome.duplicates);
    metrics.records.inc({ topic, outcome: 'dead_lettered' }, dead.length);
  }

  private async deadLetter(topic: string, partition: number, failures: RecordFailure[]): Promise<void> {
    const log = this.options.log ?? ((line: string) => console.error(line));
    for (const { message, error } of failures) {
      log(
        `kafka consumer ${this.options.groupId}: ${topic}[${partition}]@${message.offset} to the dead-letter topic: ${error.message}`,
      );
    }
    await this.options.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: failures.map(({ message, error }) => {
        const headers: IHeaders = {
          ...message.headers,
          'dataspoke.error': textHeader(error.message),
          'dataspoke.error.code': textHeader(
            error instanceof UndecodableRecordError
              ? error.code
              : ((error as { code?: string }).code ?? error.name),
          ),
          'dataspoke.source.topic': textHeader(topic),
          'dataspoke.source.partition': textHeader(String(partition)),
          'dataspoke.source.offset': textHeader(message.offset),
          'dataspoke.consumer.group': textHeader(this.options.groupId),
        };
        return { key: message.key, value: message.value, headers };
      }),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
