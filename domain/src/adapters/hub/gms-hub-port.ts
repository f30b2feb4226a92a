import type { GraphqlRequest } from '@dataspoke/hub/graphql/index';
import { type HubPort, HubPortError } from '../../ports/hub-port.js';
import { CircuitBreaker, RETRYABLE_STATUS } from './circuit-breaker.js';
import { GraphqlHubPort, type GraphqlResponse } from './graphql-hub-port.js';

// ------------------------------------------------------------------------------------------------ GMS adapter

export interface GmsHubPortOptions {
  /** GMS base URL, e.g. http://datahub-gms:8080; DataHub's GraphQL API is at <url>/api/graphql. */
  url: string;
  /** A DataHub personal access token, sent as a bearer token. */
  token?: string;
  /** Per attempt (DATAHUB_GMS_TIMEOUT_MS); default 5 s. An attempt that times out is not retried. */
  timeoutMs?: number;
  /** Retries after a failed attempt (network error, timeout, 429, 5xx); default 2. */
  retries?: number;
  /** First backoff, doubled per retry; default 200 ms. */
  backoffMs?: number;
  /** Consecutive failed calls that open the circuit (default 5), and how long it stays open (default 30 s). */
  breaker?: { failureThreshold?: number; resetMs?: number };
  /** For tests. */
  fetch?: typeof fetch;
  now?: () => number;
}

/** The GMS adapter: the same documents over HTTP to a real DataHub's /api/graphql. */
export function createGmsHubPort(options: GmsHubPortOptions): HubPort {
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/graphql`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 200;
  const doFetch = options.fetch ?? fetch;
  const breaker = new CircuitBreaker(
    options.breaker?.failureThreshold ?? 5,
    options.breaker?.resetMs ?? 30_000,
    options.now ?? Date.now,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const attempt = async (
    request: GraphqlRequest,
  ): Promise<GraphqlResponse | { retry: string; timedOut?: true }> => {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return timedOut
        ? { retry: `no answer within ${timeoutMs} ms`, timedOut: true }
        : { retry: `cannot reach ${endpoint}` };
    }
    if (RETRYABLE_STATUS.has(response.status)) {
      await response.body?.cancel();
      return { retry: `HTTP ${response.status}` };
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new HubPortError('DATAHUB_ERROR', `DataHub refused the token (HTTP ${response.status})`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { retry: `HTTP ${response.status} without a JSON body` };
    }
    if (typeof body !== 'object' || body === null)
      throw new HubPortError(
        'DATAHUB_ERROR',
        `DataHub answered HTTP ${response.status} without a GraphQL body`,
      );
    return body;
  };

  return new GraphqlHubPort('gms', async (request) => {
    breaker.check();
    let reason = '';
    for (let i = 0; i <= retries; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (i - 1)));
      let outcome: GraphqlResponse | { retry: string; timedOut?: true };
      try {
        outcome = await attempt(request);
      } catch (error) {
        // DataHub answered, so it is up: a refused token does not open the circuit.
        breaker.success();
        throw error;
      }
      if (!('retry' in outcome)) {
        breaker.success();
        return outcome;
      }
      reason = outcome.retry;
      // A DataHub that hangs would cost every caller the whole timeout again on each retry: the timeout
      // counts towards the breaker on its own and the call fails at once.
      if (outcome.timedOut) break;
    }
    breaker.failure();
    throw new HubPortError('DATAHUB_UNAVAILABLE', `DataHub is unavailable: ${reason}`);
  });
}
