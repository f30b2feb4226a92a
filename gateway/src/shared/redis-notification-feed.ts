import type { Redis } from 'ioredis';
import {
  NotificationListeners,
  type Notification,
  type NotificationFeed,
} from '@dataspoke/domain/shared/notifications/notification';

/**
 * Live notifications through Redis pub/sub: whichever process noticed an event (a gateway replica, a Kafka
 * consumer) publishes once, and every replica delivers to its own subscribers. Pub/sub keeps nothing: a
 * replica that is down misses what was published meanwhile (webhooks have the outbox for that).
 */
export class RedisNotificationFeed implements NotificationFeed {
  private readonly listeners = new NotificationListeners();

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {}

  static async open(redis: Redis, keyPrefix: string): Promise<RedisNotificationFeed> {
    // A connection in subscriber mode takes no other commands: it gets its own.
    const subscriber = redis.duplicate({ enableOfflineQueue: true });
    subscriber.on('error', () => undefined);
    const feed = new RedisNotificationFeed(redis, subscriber, `${keyPrefix}notifications`);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === feed.channel) feed.listeners.deliverJson(message);
    });
    await subscriber.subscribe(feed.channel);
    return feed;
  }

  async publish(notification: Notification): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(notification));
  }

  subscribe(listener: (notification: Notification) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber.quit().catch(() => undefined);
  }
}
