import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';

/**
 * The urql client for the federated endpoint. Every request carries the API key; a 401 means the key is no
 * longer accepted, so the user is sent back to the sign-in page instead of seeing errors on every panel.
 */
export function createApiClient(
  key: string | null,
  onUnauthenticated: () => void,
  /** Tests answer requests themselves. */
  fetchImpl?: typeof fetch,
): Client {
  return new Client({
    url: '/graphql',
    exchanges: [
      mapExchange({
        onError(error) {
          const status = (error.response as Response | undefined)?.status;
          if (status === 401) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      // Live notifications: the gateway serves subscriptions over graphql-ws on the same /graphql path.
      ...(typeof WebSocket === 'undefined' || fetchImpl ? [] : [liveExchange(key)]),
    ],
    // POST always: Apollo's CSRF prevention refuses simple GET requests, and keys stay out of URLs and logs.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => (key ? { headers: { authorization: `Bearer ${key}` } } : {}),
    ...(fetchImpl && { fetch: fetchImpl }),
    requestPolicy: 'cache-and-network',
  });
}

/**
 * Subscriptions over one WebSocket (graphql-ws), opened on the first subscription; the key goes in the
 * connection params (a browser cannot set headers on a WebSocket). Reconnects with backoff after a gateway
 * restart.
 */
function liveExchange(key: string | null) {
  const ws = createWsClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: Infinity,
    // A restarted or unreachable gateway is retried with backoff; refused credentials (4401, 4403) are not:
    // the next HTTP request's 401 signs the user out.
    shouldRetry: (event) => {
      const code = (event as { code?: unknown } | null)?.code;
      return code !== 4401 && code !== 4403;
    },
  });
  return subscriptionExchange({
    forwardSubscription(request) {
      const input = { ...request, query: request.query ?? '' };
      return {
        subscribe(sink) {
          return { unsubscribe: ws.subscribe(input, sink) };
        },
      };
    },
  });
}
