import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';

/**
 * The urql client for the federated endpoint. Every request carries the API key; a 401 means the key is no
 * longer accepted, so the user is sent back to the sign-in page instead of seeing errors on every panel.
 */
export function createApiClient(key: string | null, onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    // Partial results are normal here: a spoke field the user's groups do not allow errors on its own.
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
    fetchOptions: (): RequestInit => (key ? { headers: { authorization: `Bearer ${key}` } } : {}),
    requestPolicy: 'cache-and-network',
  });
}
