/**
 * Small conversions from stored aspect JSON to DataHub GraphQL values: references to entities, numbers,
 * enumerations with DataHub's fallbacks, custom properties and audit stamps. The hub's read model
 * (`entity-values.ts`, `aspect-values.ts`, `timeseries-values.ts`) is built from these.
 */
import { asArray, asObject, str } from '../json.js';
import { parseUrn } from '../urn.js';

/** An entity as the read model refers to it: its urn and type (GraphQL resolvers load its aspects lazily). */
export interface EntityRef {
  urn: string;
  entityType: string;
}

export function ref(urn: unknown): EntityRef | null {
  if (typeof urn !== 'string') return null;
  try {
    return { urn, entityType: parseUrn(urn).entityType };
  } catch {
    return null;
  }
}

export function refs(urns: unknown): EntityRef[] {
  return asArray(urns)
    .map((u) => ref(typeof u === 'string' ? u : (str(asObject(u).destinationUrn) ?? str(asObject(u).string))))
    .filter((r): r is EntityRef => r !== null);
}

/** The urn's key parts (platform, name, fabric of a dataset …); none for an urn that does not parse. */
export function urnParts(urn: string): string[] {
  try {
    return parseUrn(urn).parts;
  } catch {
    return [];
  }
}

export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

export function numStr(value: unknown): string | null {
  if (value == null) return null;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T | null): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

export function customProperties(
  urn: string,
  value: unknown,
): { key: string; value: string; associatedUrn: string }[] {
  return Object.entries(asObject(value)).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? v : JSON.stringify(v),
    associatedUrn: urn,
  }));
}

export function auditStamp(value: unknown): { time: number; actor: string | null } {
  const o = asObject(value);
  return { time: num(o.time) ?? 0, actor: str(o.actor) ?? null };
}
