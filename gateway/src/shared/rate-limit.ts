import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Identity } from '@dataspoke/domain/auth/identity';
import type { RateLimitConfig } from '@dataspoke/platform/config/config';
import { errorBody } from '../http-errors.js';

/** The surfaces with a budget: the federated graph, the REST facade and the embedded hub. */
const LIMITED = /^\/(graphql|api|gms)(\/|$)/;

/** How many requests a caller may make per window: the largest budget of its groups, 0 for no limit. */
export function budgetOf(identity: Identity, config: RateLimitConfig): number {
  const budgets = identity.groups.map((g) => config.groups[g] ?? config.perWindow);
  if (budgets.length === 0) return config.perWindow;
  return budgets.includes(0) ? 0 : Math.max(...budgets);
}

/**
 * Per-caller budgets (rate-limiter-flexible): in Redis when there is one, so every gateway replica counts
 * against the same budget, else in this process. Each budget size has its own limiter over the same
 * counters; with Redis away, each replica falls back to an in-process limiter (its insurance) rather than
 * refusing or letting everything through.
 */
export class RateLimits {
  private readonly limiters = new Map<number, RateLimiterAbstract>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly redis?: { client: Redis; keyPrefix: string },
  ) {}

  private limiter(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      const options = { points, duration: this.config.windowSeconds };
      limiter = this.redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.redis.client,
            keyPrefix: `${this.redis.keyPrefix}ratelimit`,
            insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: 'ratelimit-insurance' }),
          })
        : new RateLimiterMemory({ ...options, keyPrefix: 'ratelimit' });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }

  /** Counts one request of `identity`: null when within its budget, else the seconds until it may retry. */
  async take(identity: Identity): Promise<{ retryAfterSeconds: number; limit: number } | null> {
    const points = budgetOf(identity, this.config);
    if (points === 0) return null;
    try {
      await this.limiter(points).consume(`${identity.via}:${identity.subject}`);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), limit: points };
      throw rejection;
    }
  }
}

function refuse(request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number, limit: number) {
  const message = `rate limit exceeded: ${limit} requests per window for this caller; retry after ${retryAfterSeconds} s`;
  reply.header('retry-after', String(retryAfterSeconds)).status(429);
  if (request.routeOptions.url === '/graphql')
    return reply.send({ errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
  return reply.send(errorBody('RATE_LIMITED', message, request.id));
}

/**
 * Counts every authenticated request to /graphql, /api and /gms against its caller's budget; over it, 429
 * with Retry-After. Runs after authentication (it needs the identity); `--open` has no callers to tell apart.
 */
export function installRateLimits(app: FastifyInstance, limits: RateLimits): void {
  app.addHook('onRequest', async (request, reply) => {
    const identity = request.identity;
    if (!identity || identity.via === 'open' || request.method === 'OPTIONS') return;
    if (!LIMITED.test(request.routeOptions.url ?? '')) return;
    const refused = await limits.take(identity);
    if (refused) return refuse(request, reply, refused.retryAfterSeconds, refused.limit);
  });
}
