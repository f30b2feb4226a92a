import { Redis } from 'ioredis';

/**
 * Opens the Redis the gateway replicas share (rate limits, the response cache, the notification relay). A
 * Redis that cannot be reached at start fails the start with the reason; one lost later is retried in the
 * background while each user falls back as its module says (the limiter to a per-process budget, the cache
 * to a miss).
 */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // A command while Redis is away fails at once instead of queueing behind a request.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  });
  // ioredis reports every failed reconnection as an 'error' event; without a listener Node would crash.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`REDIS_URL: cannot connect to ${redactedUrl(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return redis;
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
