/**
 * DataSpoke's own events (not DataHub's MetadataChangeLog): results other parts of the product react to, such
 * as the notifications (shared/notifications/). In-process by default; a Kafka adapter can sit behind the
 * same port.
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

/**
 * The freshness judgement found a dataset past its expected update (plus tolerance). Published where the
 * judgement is computed: a read of Dataset.freshness, and the scheduled catalog health sweep (workflows/).
 */
export interface DatasetLateEvent {
  type: 'dataspoke.dataset.late';
  datasetUrn: string;
  /** When the update was expected; one lateness episode keeps this value. */
  expectedAt: number;
  lateBySeconds: number;
  at: number;
}

/**
 * A governance metric missed its target (domain/src/dg/metrics) over the catalog or one group of a breakdown
 * (datasetUrn '' then), or over one dataset.
 */
export interface MetricTargetMissedEvent {
  type: 'dataspoke.metric.target_missed';
  datasetUrn: string;
  metric: string;
  /** CATALOG, or the breakdown (DOMAIN, PLATFORM, LAYER, OWNER_GROUP) whose group `key` missed. */
  dimension: string;
  /** '' for the catalog; a domain or platform urn, a layer, an owner group urn, or (none). */
  key: string;
  comparison: 'AT_LEAST' | 'AT_MOST';
  target: number;
  value: number;
  at: number;
}

export type SpokeEvent = ValidationFailedEvent | DatasetLateEvent | MetricTargetMissedEvent;

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
