import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';

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
    ],
    // POST always: Apollo's CSRF prevention refuses simple GET requests, and keys stay out of URLs and logs.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => (key ? { headers: { authorization: `Bearer ${key}` } } : {}),
    ...(fetchImpl && { fetch: fetchImpl }),
    requestPolicy: 'cache-and-network',
  });
}
