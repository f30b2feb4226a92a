import type { HubChangeProposal } from '../../ports/hub-aspects.js';
import type { SpecObservation, TechnicalSpec } from '../../ports/techspec-source.js';
import { propertyUrn, valuesOf, type PropertyDefinition } from './properties.js';

/**
 * The MetadataChangeProposals of an observation, the DataHub way: the facts as structured property values by
 * PATCH (only DataSpoke's own `io.dataspoke.*` properties, so a user's properties, tags, terms and editable
 * aspects are never touched), a `datasetProfile` with the sizes where the platform has them, and an
 * `operation` (ALTER) when the structure changed since the last observation.
 */

/** A definition as DataHub's `propertyDefinition` aspect, written only when the property does not exist yet. */
export function definitionProposal(d: PropertyDefinition, now: number, actor: string): HubChangeProposal {
  return {
    entityType: 'structuredProperty',
    entityUrn: propertyUrn(d.qualifiedName),
    changeType: 'UPSERT',
    aspectName: 'propertyDefinition',
    aspect: {
      qualifiedName: d.qualifiedName,
      displayName: d.displayName,
      description: d.description,
      valueType: `urn:li:dataType:datahub.${d.valueType}`,
      cardinality: d.cardinality,
      entityTypes: ['urn:li:entityType:datahub.dataset'],
      immutable: false,
      created: { time: now, actor },
      lastModified: { time: now, actor },
    },
  };
}

type Value = string | number;
const encode = (v: Value) => (typeof v === 'number' ? { double: v } : { string: v });

/** The facts that describe a dataset's structure (not its volume or housekeeping): a change makes an operation. */
function structureOf(spec: TechnicalSpec): Record<string, unknown> {
  switch (spec.kind) {
    case 'kafka':
      return {
        partitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        minInsyncReplicas: spec.minInsyncReplicas,
        retentionMs: spec.retentionMs,
        retentionBytes: spec.retentionBytes,
        cleanupPolicy: spec.cleanupPolicy,
        compressionType: spec.compressionType,
        maxMessageBytes: spec.maxMessageBytes,
      };
    case 'postgres':
      return {
        indexes: spec.indexes.map((i) => i.definition),
        partitionStrategy: spec.partitionStrategy,
        partitionKey: spec.partitionKey,
        partitions: spec.partitions,
        fillFactor: spec.fillFactor,
        tablespace: spec.tablespace,
      };
    case 'files':
      return {
        format: spec.format,
        codecs: spec.parquet?.codecs ?? null,
        columns: spec.parquet?.columns.map((c) => `${c.name}:${c.physicalType}`) ?? spec.csv?.columns ?? null,
        csv: spec.csv && {
          delimiter: spec.csv.delimiter,
          header: spec.csv.hasHeader,
          encoding: spec.csv.encoding,
        },
      };
  }
}

/** What changed in the structure, as `fact: before → after` lines; empty when nothing did. */
export function structuralChanges(before: TechnicalSpec, after: TechnicalSpec): string[] {
  if (before.kind !== after.kind) return [`platform: ${before.kind} → ${after.kind}`];
  const a = structureOf(before);
  const b = structureOf(after);
  const out: string[] = [];
  for (const key of Object.keys(b)) {
    const x = JSON.stringify(a[key] ?? null);
    const y = JSON.stringify(b[key] ?? null);
    if (x !== y) out.push(`${key}: ${x} → ${y}`);
  }
  return out;
}

function profileOf(spec: TechnicalSpec): { rowCount?: number; sizeInBytes?: number } | null {
  switch (spec.kind) {
    case 'postgres':
      return { rowCount: spec.estimatedRows, sizeInBytes: spec.totalBytes };
    case 'files':
      return { ...(spec.rowCount !== null && { rowCount: spec.rowCount }), sizeInBytes: spec.totalBytes };
    case 'kafka':
      return null;
  }
}

/**
 * The DataSpoke properties an earlier observation had values for that this one has not (e.g. a retention
 * limit removed): they are removed, if the dataset still carries them.
 */
export function vanishedProperties(observation: SpecObservation, previous: TechnicalSpec | null): string[] {
  if (!previous || previous.kind !== observation.spec.kind) return [];
  const before = valuesOf(previous, observation.observedAt);
  return [...valuesOf(observation.spec, observation.observedAt)]
    .filter(([name, values]) => !values?.length && before.get(name)?.length)
    .map(([name]) => propertyUrn(name));
}

/**
 * `toRemove`: the vanished properties the dataset still carries (a JSON Patch remove of an absent one would
 * refuse the whole write).
 */
export function observationProposals(
  observation: SpecObservation,
  previous: TechnicalSpec | null,
  toRemove: readonly string[] = [],
): HubChangeProposal[] {
  const { urn, spec, observedAt } = observation;
  const patch: unknown[] = [];
  for (const [name, values] of valuesOf(spec, observedAt))
    if (values !== null && values.length > 0)
      patch.push({
        op: 'add',
        path: `/properties/${propertyUrn(name)}`,
        value: { propertyUrn: propertyUrn(name), values: values.map(encode) },
      });
  for (const property of toRemove) patch.push({ op: 'remove', path: `/properties/${property}` });
  const proposals: HubChangeProposal[] = [
    {
      entityType: 'dataset',
      entityUrn: urn,
      changeType: 'PATCH',
      aspectName: 'structuredProperties',
      aspect: patch,
    },
  ];
  const profile = profileOf(spec);
  if (profile)
    proposals.push({
      entityType: 'dataset',
      entityUrn: urn,
      changeType: 'UPSERT',
      aspectName: 'datasetProfile',
      aspect: { timestampMillis: observedAt, ...profile },
    });
  const changes = previous ? structuralChanges(previous, spec) : [];
  if (changes.length > 0)
    proposals.push({
      entityType: 'dataset',
      entityUrn: urn,
      changeType: 'UPSERT',
      aspectName: 'operation',
      aspect: {
        timestampMillis: observedAt,
        lastUpdatedTimestamp: observedAt,
        operationType: 'ALTER',
        sourceType: 'DATA_PLATFORM',
        customProperties: { observedBy: 'dataspoke techspec', changes: changes.join('; ').slice(0, 2000) },
      },
    });
  return proposals;
}
