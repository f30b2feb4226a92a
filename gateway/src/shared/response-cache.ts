import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import type { Redis } from 'ioredis';
import type { CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { SubgraphContext } from '@dataspoke/subgraphs/index';

/**
 * Where answers of expensive reads are kept, under a generation every hub change moves on: an answer is
 * only found under the generation it was computed in, so one increment drops them all, in every replica
 * that shares the store. Coarse on purpose: search and the catalog summary depend on every dataset.
 */
export interface ResponseCacheStore {
  generation(): Promise<string>;
  get(generation: string, key: string): Promise<string | undefined>;
  set(generation: string, key: string, value: string): Promise<void>;
  /** Drops every answer kept so far (a new generation). */
  invalidate(): Promise<void>;
}

/** In this process: a bounded LRU with an expiry per answer. */
export class InProcessResponseCache implements ResponseCacheStore {
  private current = 0;
  private readonly answers;

  constructor(
    caches: CacheFactory,
    maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.answers = caches<string, { value: string; expires: number }>('gateway response cache', {
      max: maxEntries,
    });
  }
  generation(): Promise<string> {
    return Promise.resolve(String(this.current));
  }
  get(generation: string, key: string): Promise<string | undefined> {
    const kept = this.answers.get(`${generation}:${key}`);
    return Promise.resolve(kept && kept.expires > this.now() ? kept.value : undefined);
  }
  set(generation: string, key: string, value: string): Promise<void> {
    this.answers.set(`${generation}:${key}`, { value, expires: this.now() + this.ttlMs });
    return Promise.resolve();
  }
  invalidate(): Promise<void> {
    this.current += 1;
    this.answers.clear();
    return Promise.resolve();
  }
}

/** In Redis, shared by every replica: the generation is one counter, answers expire on their own. */
export class RedisResponseCache implements ResponseCacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}
  async generation(): Promise<string> {
    return (await this.redis.get(`${this.keyPrefix}response-cache:generation`)) ?? '0';
  }
  async get(generation: string, key: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.keyPrefix}response-cache:${generation}:${key}`)) ?? undefined;
  }
  async set(generation: string, key: string, value: string): Promise<void> {
    await this.redis.set(
      `${this.keyPrefix}response-cache:${generation}:${key}`,
      value,
      'EX',
      this.ttlSeconds,
    );
  }
  async invalidate(): Promise<void> {
    await this.redis.incr(`${this.keyPrefix}response-cache:generation`);
  }
}

/** Root fields whose answers are kept: the expensive reads that depend only on the catalog and the question. */
export const CACHED_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'search',
  'searchDatasets',
  'sqlContext',
  'catalogSummary',
  'overview',
]);

/** Whether every root field of the query is a cached read (the answer then depends on nothing else). */
export function isCachedOperation(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== OperationTypeNode.QUERY) return false;
  const fields = operation.selectionSet.selections;
  return (
    fields.length > 0 &&
    fields.every(
      (s) =>
        s.kind === Kind.FIELD &&
        (CACHED_ROOT_FIELDS.has(s.name.value) || s.name.value === '__typename') &&
        !s.directives?.length,
    ) &&
    fields.some((s) => s.kind === Kind.FIELD && s.name.value !== '__typename')
  );
}

/**
 * An Apollo plugin that answers a cached read from the store and keeps error-free answers. The key is the
 * document, the operation, the variables and the caller's groups (what a caller may see depends on them).
 * A store that fails (Redis away) is a miss, never a failed request. Answers carry `x-dataspoke-cache`.
 */
export function responseCachePlugin(
  store: ResponseCacheStore,
  onError: (error: unknown) => void,
): ApolloServerPlugin<SubgraphContext> {
  return {
    requestDidStart() {
      let pending: { generation: string; key: string } | null = null;
      return Promise.resolve({
        async responseForOperation(rc) {
          if (!isCachedOperation(rc.operation)) return null;
          const groups = [...(rc.contextValue.identity?.groups ?? [])].sort().join(',');
          const key = createHash('sha256')
            .update(JSON.stringify([rc.source, rc.operationName, rc.request.variables ?? {}, groups]))
            .digest('base64url');
          try {
            const generation = await store.generation();
            const hit = await store.get(generation, key);
            if (hit !== undefined) {
              rc.response.http.headers.set('x-dataspoke-cache', 'hit');
              return {
                http: rc.response.http,
                body: { kind: 'single', singleResult: JSON.parse(hit) as Record<string, unknown> },
              };
            }
            pending = { generation, key };
          } catch (error) {
            onError(error);
          }
          return null;
        },
        async willSendResponse(rc) {
          if (!pending) return;
          rc.response.http.headers.set('x-dataspoke-cache', 'miss');
          const { body } = rc.response;
          if (body.kind !== 'single' || body.singleResult.errors?.length) return;
          try {
            await store.set(pending.generation, pending.key, JSON.stringify(body.singleResult));
          } catch (error) {
            onError(error);
          }
        },
      });
    },
  };
}
