import type { EventBus } from '@dataspoke/hub/events/event-bus';
import type { MetadataChangeLog } from '@dataspoke/hub/model';
import { CoalescingQueue } from '../../shared/coalescing-queue.js';

/** The timeseries aspects that carry a new observation of a dataset: a profile or a load. */
const OBSERVATION_ASPECTS = new Set(['datasetProfile', 'operation']);
const DAY_MS = 24 * 3600 * 1000;

export interface ValidationTriggerOptions {
  /** Validates one dataset and stores the run (its FAIL reaches the notifications through the spoke events). */
  validate: (datasetUrn: string) => Promise<unknown>;
  /** Observations older than this when they arrive are history being loaded, not news: no validation. */
  recentMs?: number;
  /** Changes to one dataset within this window make one validation (an ingest writes a profile and loads). */
  delayMs?: number;
  now?: () => number;
  onError?: (error: unknown, datasetUrn: string) => void;
}

/** When a timeseries point observed the dataset: the aspect's own time, else when the change was made. */
function observedAt(event: MetadataChangeLog): number {
  const at = event.aspect?.timestampMillis;
  return typeof at === 'number' ? at : event.created.time;
}

/**
 * Validates a dataset when the hub receives a new profile or operation of it, as DataHub's change log (in
 * process or through Kafka) reports them. Datasets named within `delayMs` are validated together, one at a
 * time; a dataset named again while queued is validated once.
 */
export class ValidationTrigger {
  private readonly queue: CoalescingQueue;
  private readonly now: () => number;

  constructor(private readonly options: ValidationTriggerOptions) {
    this.now = options.now ?? Date.now;
    this.queue = new CoalescingQueue(async (urns) => {
      for (const urn of urns) {
        try {
          await options.validate(urn);
        } catch (error) {
          options.onError?.(error, urn);
        }
      }
    }, options.delayMs ?? 5_000);
  }

  /** Follows `events` until the returned function is called. */
  follow(events: Pick<EventBus, 'subscribe'>): () => void {
    return events.subscribe((event) => this.onChange(event));
  }

  onChange(event: MetadataChangeLog): void {
    if (!event.timeseries || event.entityType !== 'dataset') return;
    if (!OBSERVATION_ASPECTS.has(event.aspectName)) return;
    if (observedAt(event) < this.now() - (this.options.recentMs ?? DAY_MS)) return;
    this.queue.add(event.entityUrn);
  }

  /** Validates what is queued now. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Stops following; what is queued is validated first. */
  stop(): Promise<void> {
    return this.queue.stop();
  }
}
