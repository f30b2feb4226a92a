/**
 * Which entity types and aspects the embedded hub accepts: DataHub's own registry, generated from its
 * entity-registry.yml and the aspect schemas of its Python SDK (src/generated/datahub-registry.ts, by
 * hub/scripts/datahub-registry.ts). Every entity type and aspect a GMS accepts is accepted; a write for one
 * it does not list is refused, as GMS does.
 */
import {
  ASPECT_RECORD_NAMES,
  ENTITY_TYPES,
  SNAPSHOT_ENTITY_TYPES,
  TIMESERIES_ASPECT_NAMES,
} from './generated/datahub-registry.js';

export { REGISTRY_SOURCE } from './generated/datahub-registry.js';

export interface EntitySpec {
  keyAspect: string;
  /** The key aspect's fields in order: the urn's key part i is field i. */
  keyFields: readonly string[];
  /** Every aspect of the entity type, the key aspect first. */
  aspects: readonly string[];
}

export const ENTITY_REGISTRY: Readonly<Record<string, EntitySpec>> = ENTITY_TYPES;

const ASPECTS_BY_TYPE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(ENTITY_TYPES).map(([type, spec]) => [type, new Set(spec.aspects)]),
);

/** Aspects GMS keeps as time series (its Elasticsearch timeseries indices), not as versioned rows. */
export const TIMESERIES_ASPECTS: ReadonlySet<string> = new Set(TIMESERIES_ASPECT_NAMES);

export function entitySpec(entityType: string): EntitySpec | undefined {
  return Object.prototype.hasOwnProperty.call(ENTITY_TYPES, entityType)
    ? ENTITY_TYPES[entityType]
    : undefined;
}

export function isKnownAspect(entityType: string, aspectName: string): boolean {
  return ASPECTS_BY_TYPE.get(entityType)?.has(aspectName) ?? false;
}

export function isTimeseriesAspect(aspectName: string): boolean {
  return TIMESERIES_ASPECTS.has(aspectName);
}

/** Aspect name by the simple name of its pegasus record, where that is not the aspect name capitalised. */
const ASPECT_BY_RECORD: ReadonlyMap<string, string> = new Map(
  Object.entries(ASPECT_RECORD_NAMES).flatMap(([aspect, record]) => {
    const simple = record.slice(record.lastIndexOf('.') + 1);
    return simple === aspect.charAt(0).toUpperCase() + aspect.slice(1) ? [] : [[simple, aspect] as const];
  }),
);

/** Aspect name for a pegasus record name, simple (`DatasetProperties`) or full (`com.linkedin…DatasetProperties`). */
export function aspectNameForRecord(recordName: string): string {
  const simple = recordName.slice(recordName.lastIndexOf('.') + 1);
  return ASPECT_BY_RECORD.get(simple) ?? simple.charAt(0).toLowerCase() + simple.slice(1);
}

/** Entity type for an MCE snapshot record name, e.g. `…snapshot.DatasetSnapshot` → `dataset`. */
export function entityTypeForSnapshot(snapshotName: string): string | undefined {
  const simple = snapshotName.slice(snapshotName.lastIndexOf('.') + 1);
  if (!simple.endsWith('Snapshot')) return undefined;
  if (Object.prototype.hasOwnProperty.call(SNAPSHOT_ENTITY_TYPES, simple))
    return SNAPSHOT_ENTITY_TYPES[simple];
  const base = simple.slice(0, -'Snapshot'.length);
  return base.charAt(0).toLowerCase() + base.slice(1);
}
