import type { MetadataChangeLog } from '../model.js';

export type MetadataChangeLogHandler = (event: MetadataChangeLog) => void | Promise<void>;

/**
 * The event port: every accepted hub write is published here as a MetadataChangeLog. The embedded default
 * delivers in-process; a later adapter puts Kafka (DataHub's MetadataChangeLog topics) behind the same port.
 */
export interface EventBus {
  publish(events: readonly MetadataChangeLog[]): Promise<void>;
  subscribe(handler: MetadataChangeLogHandler): () => void;
}

/** Delivers events to in-process subscribers in publish order; a failing subscriber does not fail the write. */
export class InProcessEventBus implements EventBus {
  private readonly handlers = new Set<MetadataChangeLogHandler>();

  constructor(
    private readonly onHandlerError: (error: unknown, event: MetadataChangeLog) => void = () => undefined,
  ) {}

  async publish(events: readonly MetadataChangeLog[]): Promise<void> {
    if (this.handlers.size === 0) return;
    for (const event of events) {
      for (const handler of this.handlers) {
        try {
          await handler(event);
        } catch (error) {
          this.onHandlerError(error, event);
        }
      }
    }
  }

  subscribe(handler: MetadataChangeLogHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
