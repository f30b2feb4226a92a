import type { JsonObject } from './model.js';

/** Lenient readers of stored aspect JSON: a missing or mistyped field reads as empty. */

export function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, else undefined: for urns and keys, where '' names nothing. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Any string, the empty one included, else undefined: for stored values DataHub returns as written (a
 * description of "" is "" in DataHub's GraphQL, not null; its mappers fall back only when a field is absent).
 */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
