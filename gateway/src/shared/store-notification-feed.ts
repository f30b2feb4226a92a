import { sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import {
  NotificationListeners,
  type Notification,
  type NotificationFeed,
} from '@dataspoke/domain/shared/notifications/notification';

/** The store channel live notifications travel on when replicas share a PostgreSQL store and no Redis. */
export const NOTIFICATIONS_CHANNEL = 'dataspoke_notifications';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a longer detail is cut to stay below. */
const PAYLOAD_MAX_BYTES = 7900;

/**
 * Live notifications through the store's LISTEN/NOTIFY: with replicas and a consumer process on one
 * PostgreSQL and no Redis, whichever process noticed an event publishes once and every process delivers to
 * its own subscribers. Like Redis pub/sub it keeps nothing: a process that is not listening misses what was
 * sent meanwhile (webhooks have the outbox for that).
 */
export class StoreNotificationFeed implements NotificationFeed {
  private readonly listeners = new NotificationListeners();
  private stopListening: (() => Promise<void>) | null = null;

  private constructor(private readonly store: Store) {}

  static async open(store: Store): Promise<StoreNotificationFeed> {
    const feed = new StoreNotificationFeed(store);
    feed.stopListening = await store.listen(
      NOTIFICATIONS_CHANNEL,
      (payload) => feed.listeners.deliverJson(payload),
      () => undefined,
    );
    return feed;
  }

  async publish(notification: Notification): Promise<void> {
    await this.store.query(sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, ${payloadOf(notification)})`);
  }

  subscribe(listener: (notification: Notification) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.stopListening?.();
    this.stopListening = null;
  }
}

/**
 * The notification as JSON below PostgreSQL's payload limit: only the free-text detail is ever shortened. A
 * notification still too long without its detail makes pg_notify fail, which the notifier logs.
 */
export function payloadOf(notification: Notification): string {
  let payload = JSON.stringify(notification);
  let detail = notification.detail;
  while (Buffer.byteLength(payload) > PAYLOAD_MAX_BYTES && detail.length > 0) {
    // Every character is at least one byte of JSON, so cutting one more than the excess always gains.
    const excess = Buffer.byteLength(payload) - PAYLOAD_MAX_BYTES;
    detail = detail.slice(0, Math.max(0, detail.length - excess - 1));
    payload = JSON.stringify({ ...notification, detail: `${detail}…` });
  }
  return payload;
}
