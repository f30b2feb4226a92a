import { randomUUID } from 'node:crypto';
import type { EventBus } from '@dataspoke/hub/events/event-bus';
import type { MetadataChangeLog } from '@dataspoke/hub/model';
import { lruCaches, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { SpokeEvent, SpokeEventPort } from '../spoke-events.js';
import { AUDIENCE, type Notification, type NotificationFeed } from './notification.js';

/** Where notifications are kept for delivery beyond this process (the webhook outbox). */
export interface NotificationOutbox {
  enqueue(notification: Notification): Promise<void>;
}

export interface NotifierDeps {
  /** The hub's changes (in process, or driven by the Kafka consumer): DATASET_CHANGED. */
  hubEvents: Pick<EventBus, 'subscribe'>;
  /** DataSpoke's own results: VALIDATION_FAILED, DATASET_LATE, METRIC_TARGET_MISSED. */
  spokeEvents: Pick<SpokeEventPort, 'subscribe'>;
  feed: NotificationFeed;
  outbox?: NotificationOutbox | null;
  /** The aspects of one dataset written within this window make one DATASET_CHANGED (an ingest writes many). */
  coalesceMs?: number;
  caches?: CacheFactory;
  onError?: (error: unknown) => void;
  now?: () => number;
}

const LATE_EPISODES_KEPT = 10_000;

/**
 * Turns change events into notifications: each is published on the feed (live subscribers) and put in the
 * outbox (webhooks) once, by the process that handled the event. A dataset late is notified once per
 * lateness episode (per expected update time) in this process, however often its freshness is read.
 */
export class Notifier {
  private readonly changed = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly lateNotified;
  private readonly stops: (() => void)[] = [];
  private readonly now: () => number;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? Date.now;
    this.lateNotified = (deps.caches ?? lruCaches)<string, number>('notifier late episodes', {
      max: LATE_EPISODES_KEPT,
    });
    this.stops.push(deps.hubEvents.subscribe((event) => this.onHubChange(event)));
    this.stops.push(deps.spokeEvents.subscribe((event) => this.onSpokeEvent(event)));
  }

  private onHubChange(event: MetadataChangeLog): void {
    if (event.timeseries || !event.entityUrn.startsWith('urn:li:dataset:')) return;
    let aspects = this.changed.get(event.entityUrn);
    if (!aspects) this.changed.set(event.entityUrn, (aspects = new Set()));
    aspects.add(event.aspectName);
    this.timer ??= setTimeout(() => this.flushChanged(), this.deps.coalesceMs ?? 500);
  }

  private flushChanged(): void {
    this.timer = null;
    const changed = [...this.changed];
    this.changed.clear();
    for (const [datasetUrn, aspects] of changed) {
      this.emit({
        kind: 'DATASET_CHANGED',
        datasetUrn,
        title: `${datasetName(datasetUrn)} changed`,
        detail: `written: ${[...aspects].sort().join(', ')}`,
        aspects: [...aspects].sort(),
      });
    }
  }

  private onSpokeEvent(event: SpokeEvent): void {
    switch (event.type) {
      case 'dataspoke.validation.failed':
        this.emit({
          kind: 'VALIDATION_FAILED',
          datasetUrn: event.datasetUrn,
          title: `Validation failed on ${datasetName(event.datasetUrn)}`,
          detail: `failed: ${event.failedMetrics.join(', ') || 'see the run'}`,
          runId: event.runId,
          failedMetrics: event.failedMetrics,
        });
        return;
      case 'dataspoke.dataset.late': {
        if (this.lateNotified.get(event.datasetUrn) === event.expectedAt) return;
        this.lateNotified.set(event.datasetUrn, event.expectedAt);
        this.emit({
          kind: 'DATASET_LATE',
          datasetUrn: event.datasetUrn,
          title: `${datasetName(event.datasetUrn)} is late`,
          detail: `expected by ${new Date(event.expectedAt).toISOString()}, late by ${formatSeconds(event.lateBySeconds)}`,
          lateBySeconds: event.lateBySeconds,
        });
        return;
      }
      case 'dataspoke.metric.target_missed': {
        const where = event.datasetUrn
          ? datasetName(event.datasetUrn)
          : event.dimension === 'CATALOG'
            ? 'the catalog'
            : `${event.dimension} ${event.key}`;
        this.emit({
          kind: 'METRIC_TARGET_MISSED',
          datasetUrn: event.datasetUrn,
          title: `${event.metric} missed its target on ${where}`,
          detail: `${event.metric} is ${event.value}, target ${event.comparison === 'AT_MOST' ? '≤' : '≥'} ${event.target}`,
          metric: event.metric,
          metricDimension: event.dimension,
          metricKey: event.key,
          metricValue: event.value,
          metricTarget: event.target,
          metricComparison: event.comparison,
        });
        return;
      }
    }
  }

  private emit(partial: Omit<Notification, 'id' | 'at' | 'groups'>): void {
    const notification: Notification = {
      id: randomUUID(),
      at: this.now(),
      groups: AUDIENCE[partial.kind],
      ...partial,
    };
    const work = (async () => {
      await this.deps.outbox?.enqueue(notification);
      await this.deps.feed.publish(notification);
    })()
      .catch((error: unknown) => (this.deps.onError ?? console.error)(error))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Emits what is being coalesced and waits for everything emitted to be kept and published. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.flushChanged();
    }
    await Promise.all([...this.inFlight]);
  }

  async stop(): Promise<void> {
    for (const stop of this.stops) stop();
    await this.flush();
  }
}

/** The dataset's name from its urn, for titles: `urn:li:dataset:(urn:li:dataPlatform:pg,db.orders,PROD)` → db.orders. */
export function datasetName(urn: string): string {
  const match = /^urn:li:dataset:\(urn:li:dataPlatform:[^,]+,(.+),[^,)]+\)$/.exec(urn);
  return match ? match[1]! : urn;
}

function formatSeconds(seconds: number): string {
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)} d`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}
