import type { Producer } from 'kafkajs';
import type { MetadataChangeLog } from '../model.js';
import { changeLogToAvro } from './change-log-codec.js';
import { datahubAvro, frameAvro } from './confluent-avro.js';
import type { EventBus, MetadataChangeLogHandler } from './event-bus.js';

export interface ChangeLogTopics {
  versioned: string;
  timeseries: string;
}

/**
 * The event port over Kafka: `publish` writes each change as DataHub's GMS does (a MetadataChangeLog record,
 * Avro in the Confluent wire format, keyed by urn so one entity's changes stay in order on one partition, on
 * the versioned or timeseries topic); the subscribers are driven by this process's change-log consumer
 * (`apply`), so they run the same whether a change was written here, by another replica or by a real DataHub.
 */
export class KafkaEventBus implements EventBus {
  private readonly handlers = new Set<MetadataChangeLogHandler>();

  constructor(
    private readonly producer: Producer,
    private readonly topics: ChangeLogTopics,
    /** The registry id of the MetadataChangeLog schema the records are written with. */
    private readonly schemaId: number,
  ) {}

  async publish(events: readonly MetadataChangeLog[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, { key: string; value: Buffer }[]>();
    for (const event of events) {
      const topic = event.timeseries ? this.topics.timeseries : this.topics.versioned;
      const value = frameAvro(this.schemaId, datahubAvro.metadataChangeLog, changeLogToAvro(event));
      const list = byTopic.get(topic) ?? [];
      list.push({ key: event.entityUrn, value });
      byTopic.set(topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  subscribe(handler: MetadataChangeLogHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Runs every subscriber on one consumed change, in order; throws when one fails (the consumer retries it). */
  async apply(event: MetadataChangeLog): Promise<void> {
    const errors: unknown[] = [];
    for (const handler of this.handlers) {
      try {
        await handler(event);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} subscribers failed`);
  }
}
