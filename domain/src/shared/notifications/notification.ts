import { hasGroup, type Group, type Identity } from '../../auth/identity.js';

/** What a notification is about; the GraphQL enum and the webhook payload carry the same names. */
export type NotificationKind =
  'VALIDATION_FAILED' | 'DATASET_LATE' | 'METRIC_TARGET_MISSED' | 'DATASET_CHANGED';

export interface Notification {
  /** Unique per notification: the webhook outbox and receivers deduplicate on it. */
  id: string;
  kind: NotificationKind;
  datasetUrn: string;
  /** Epoch ms. */
  at: number;
  /** One line for a toast or a chat message. */
  title: string;
  detail: string;
  /** The groups that receive it (administrators receive everything). */
  groups: readonly Group[];
  /** VALIDATION_FAILED: the run and the metrics that failed. */
  runId?: string;
  failedMetrics?: readonly string[];
  /** DATASET_LATE. */
  lateBySeconds?: number;
  /** METRIC_TARGET_MISSED: the metric, where it missed (the breakdown and its group's key, '' for the catalog) and by how much. */
  metric?: string;
  metricDimension?: string;
  metricKey?: string;
  metricValue?: number;
  metricTarget?: number;
  metricComparison?: 'AT_LEAST' | 'AT_MOST';
  /** DATASET_CHANGED: the aspects written. */
  aspects?: readonly string[];
}

/**
 * Who hears what: the validator and freshness speak to engineers and analysts (both read validations);
 * metric targets are governance's; a changed dataset concerns every spoke.
 */
export const AUDIENCE: Readonly<Record<NotificationKind, readonly Group[]>> = {
  VALIDATION_FAILED: ['de', 'da'],
  DATASET_LATE: ['de', 'da'],
  METRIC_TARGET_MISSED: ['dg'],
  DATASET_CHANGED: ['de', 'da', 'dg'],
};

/** Whether `identity` receives `notification` (a group in common, or admin). */
export function receives(identity: Identity, notification: Pick<Notification, 'groups'>): boolean {
  return notification.groups.some((group) => hasGroup(identity, group));
}

/**
 * The port live notifications travel through: in process by default, through Redis when gateway replicas
 * share one, so a subscriber hears what any replica (or consumer process) noticed.
 */
export interface NotificationFeed {
  publish(notification: Notification): Promise<void>;
  subscribe(listener: (notification: Notification) => void): () => void;
  close(): Promise<void>;
}

/** One process's subscribers to a feed: every feed, whatever carries it, hands what it hears to them alike. */
export class NotificationListeners {
  private readonly listeners = new Set<(notification: Notification) => void>();

  add(listener: (notification: Notification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(notification: Notification): void {
    for (const listener of this.listeners) listener(notification);
  }

  /** A notification another process sent as JSON; a message that is not JSON is not one of ours and is dropped. */
  deliverJson(message: string): void {
    let notification: Notification;
    try {
      notification = JSON.parse(message) as Notification;
    } catch {
      return;
    }
    this.deliver(notification);
  }

  clear(): void {
    this.listeners.clear();
  }
}

export class InProcessNotificationFeed implements NotificationFeed {
  private readonly listeners = new NotificationListeners();

  publish(notification: Notification): Promise<void> {
    this.listeners.deliver(notification);
    return Promise.resolve();
  }
  subscribe(listener: (notification: Notification) => void): () => void {
    return this.listeners.add(listener);
  }
  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
