/**
 * REST bodies are snake_case with ISO-8601 UTC times, while GraphQL speaks camelCase and epoch milliseconds.
 * The facade renames keys and turns every time field (a key ending in At, or asOf) into an ISO string.
 */
const TIME_KEY = /(At|^asOf)$/;

function snake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function toRest(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => toRest(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== '__typename')
        .map(([k, v]) => [snake(k), toRest(v, k)]),
    );
  }
  if (typeof value === 'number' && TIME_KEY.test(key)) return new Date(value).toISOString();
  return value;
}

/** snake_case body keys to the camelCase GraphQL variables they stand for (request bodies). */
export function fromRest(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromRest);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
        fromRest(v),
      ]),
    );
  }
  return value;
}
