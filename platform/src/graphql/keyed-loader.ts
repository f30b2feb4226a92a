import DataLoader from 'dataloader';

export interface KeyedLoaderOptions {
  /** Keys per call of the read (default: no limit). */
  maxBatchSize?: number;
  /** What a failed read rejects each load with (default: the read's own error). */
  onError?: (error: unknown) => unknown;
}

/**
 * A per-request loader over a read that answers a map by key: every load made while one level of a GraphQL
 * response resolves becomes one call of the read, each key is read at most once per request, and a key the
 * read left out gets `missing()`. A failed read rejects every load of its batch and is not remembered, so a
 * later load reads again.
 */
export function keyedLoader<V>(
  read: (keys: readonly string[]) => Promise<Map<string, V>>,
  missing: () => V,
  options: KeyedLoaderOptions = {},
): DataLoader<string, V> {
  const onError = options.onError ?? ((error: unknown) => error);
  return new DataLoader<string, V>(
    async (keys) => {
      let found: Map<string, V>;
      try {
        found = await read(keys);
      } catch (error) {
        throw onError(error);
      }
      return keys.map((key) => found.get(key) ?? missing());
    },
    { maxBatchSize: options.maxBatchSize ?? Infinity },
  );
}
