/**
 * DataSpoke's own events (not DataHub's MetadataChangeLog): results other parts of the product react to, such
 * as the notifications planned in issue #17. In-process by default; a Kafka adapter can sit behind the same
 * port.
 */

export interface ValidationFailedEvent {
  type: 'dataspoke.validation.failed';
  runId: string;
  datasetUrn: string;
  status: 'fail';
  asOf: number;
  /** Metrics that failed, e.g. rowCount, nullProportion:tracking_number. */
  failedMetrics: string[];
  at: number;
}

export type SpokeEvent = ValidationFailedEvent;

export interface SpokeEventPort {
  publish(event: SpokeEvent): Promise<void>;
  subscribe(handler: (event: SpokeEvent) => void | Promise<void>): () => void;
}

/** Delivers to in-process subscribers; a failing subscriber does not fail the publisher. */
export class InProcessSpokeEvents implements SpokeEventPort {
  private readonly handlers = new Set<(event: SpokeEvent) => void | Promise<void>>();

  constructor(private readonly onError: (error: unknown, event: SpokeEvent) => void = () => undefined) {}

  async publish(event: SpokeEvent): Promise<void> {
    for (const handler of this.handlers) {
      try {
        await handler(event);
      } catch (error) {
        this.onError(error, event);
      }
    }
  }

  subscribe(handler: (event: SpokeEvent) => void | Promise<void>): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
