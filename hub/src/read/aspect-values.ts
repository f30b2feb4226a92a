/**
 * DataHub GraphQL values of the aspects many entity types share (tags, terms, ownership, domains) and of
 * schemas, from the stored aspect JSON. The hub's GraphQL resolvers and the embedded hub port both build
 * their answers with these, so the two read paths cannot drift.
 */
import type { JsonObject, StoredAspect } from '../model.js';
import { asArray, asObject, str, text } from '../json.js';
import { auditStamp, num, oneOf, ref, type EntityRef } from './values.js';

export function mapTags(urn: string, value: unknown) {
  if (value === undefined) return null;
  return {
    tags: asArray(asObject(value).tags)
      .map((t) => {
        const tag = ref(str(asObject(t).tag));
        return tag ? { tag, associatedUrn: urn, context: text(asObject(t).context) ?? null } : null;
      })
      .filter((t) => t !== null),
  };
}

export function mapTerms(urn: string, value: unknown) {
  if (value === undefined) return null;
  const o = asObject(value);
  return {
    terms: asArray(o.terms)
      .map((t) => {
        const term = ref(str(asObject(t).urn));
        return term
          ? {
              term,
              actor: ref(str(asObject(o.auditStamp).actor)),
              context: text(asObject(t).context) ?? null,
              associatedUrn: urn,
            }
          : null;
      })
      .filter((t) => t !== null),
  };
}

export const OWNERSHIP_TYPES = [
  'TECHNICAL_OWNER',
  'BUSINESS_OWNER',
  'DATA_STEWARD',
  'NONE',
  'CUSTOM',
  'DATAOWNER',
  'DEVELOPER',
  'DELEGATE',
  'PRODUCER',
  'STAKEHOLDER',
  'CONSUMER',
] as const;
export const SOURCE_TYPES = [
  'AUDIT',
  'DATABASE',
  'FILE_SYSTEM',
  'ISSUE_TRACKING_SYSTEM',
  'MANUAL',
  'SERVICE',
  'SOURCE_CONTROL',
  'OTHER',
] as const;

export function ownershipTypeName(typeUrn: string): string {
  const id = typeUrn.slice(typeUrn.lastIndexOf(':') + 1).replace(/^__system__/, '');
  return id
    .split('_')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export function mapOwnership(urn: string, value: unknown) {
  if (value === undefined) return null;
  const o = asObject(value);
  return {
    owners: asArray(o.owners)
      .map((raw) => {
        const ow = asObject(raw);
        const owner = ref(str(ow.owner));
        if (!owner) return null;
        const typeUrn = str(ow.typeUrn);
        const source = asObject(ow.source);
        return {
          owner,
          type: oneOf(ow.type, OWNERSHIP_TYPES, 'NONE'),
          ownershipType: typeUrn
            ? {
                urn: typeUrn,
                type: 'CUSTOM_OWNERSHIP_TYPE',
                info: { name: ownershipTypeName(typeUrn), description: null },
              }
            : null,
          source: ow.source
            ? { type: oneOf(source.type, SOURCE_TYPES, 'OTHER'), url: text(source.url) ?? null }
            : null,
          associatedUrn: urn,
        };
      })
      .filter((x) => x !== null),
    lastModified: auditStamp(o.lastModified),
  };
}

export function mapDomain(urn: string, value: unknown) {
  const domain = ref(str(asArray(asObject(value).domains)[0]));
  return domain ? { domain, associatedUrn: urn } : null;
}

export const FIELD_TYPES: Record<string, string> = {
  BooleanType: 'BOOLEAN',
  FixedType: 'FIXED',
  StringType: 'STRING',
  BytesType: 'BYTES',
  NumberType: 'NUMBER',
  DateType: 'DATE',
  TimeType: 'TIME',
  EnumType: 'ENUM',
  NullType: 'NULL',
  MapType: 'MAP',
  ArrayType: 'ARRAY',
  UnionType: 'UNION',
  RecordType: 'STRUCT',
};

export function fieldType(value: unknown): string {
  const inner = asObject(asObject(value).type);
  const key = Object.keys(inner)[0] ?? '';
  return FIELD_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'NULL';
}

export function mapSchemaField(urn: string, f: JsonObject) {
  const tags = f.globalTags === undefined ? null : mapTags(urn, f.globalTags);
  return {
    fieldPath: text(f.fieldPath) ?? '',
    jsonPath: text(f.jsonPath) ?? null,
    label: text(f.label) ?? null,
    nullable: f.nullable === true,
    description: text(f.description) ?? null,
    type: fieldType(f.type),
    nativeDataType: text(f.nativeDataType) ?? null,
    recursive: f.recursive === true,
    globalTags: tags,
    tags,
    glossaryTerms: f.glossaryTerms === undefined ? null : mapTerms(urn, f.glossaryTerms),
    isPartOfKey: typeof f.isPartOfKey === 'boolean' ? f.isPartOfKey : null,
    isPartitioningKey: typeof f.isPartitioningKey === 'boolean' ? f.isPartitioningKey : null,
    jsonProps: text(f.jsonProps) ?? null,
  };
}

export function mapSchemaMetadata(urn: string, stored: StoredAspect | undefined) {
  if (!stored) return null;
  const s = stored.value;
  return {
    aspectVersion: stored.version,
    datasetUrn: urn,
    name: text(s.schemaName) ?? '',
    platformUrn: str(s.platform) ?? '',
    version: num(s.version) ?? 0,
    cluster: text(s.cluster) ?? null,
    hash: text(s.hash) ?? '',
    fields: asArray(s.fields).map((f) => mapSchemaField(urn, asObject(f))),
    primaryKeys: asArray(s.primaryKeys).filter((k): k is string => typeof k === 'string'),
    foreignKeys: asArray(s.foreignKeys).map((fk) => ({
      name: text(asObject(fk).name) ?? null,
      foreignDataset: ref(str(asObject(fk).foreignDataset)),
    })),
    createdAt: num(asObject(s.created).time),
  };
}

export function mapEditableSchema(urn: string, value: JsonObject | undefined) {
  if (!value) return null;
  return {
    editableSchemaFieldInfo: asArray(value.editableSchemaFieldInfo).map((raw) => {
      const f = asObject(raw);
      const tags = f.globalTags === undefined ? null : mapTags(urn, f.globalTags);
      return {
        fieldPath: text(f.fieldPath) ?? '',
        description: text(f.description) ?? null,
        globalTags: tags,
        tags,
        glossaryTerms: f.glossaryTerms === undefined ? null : mapTerms(urn, f.glossaryTerms),
      };
    }),
  };
}

export const FABRICS = [
  'DEV',
  'TEST',
  'QA',
  'UAT',
  'EI',
  'PRE',
  'STG',
  'NON_PROD',
  'PROD',
  'CORP',
  'RVW',
  'SANDBOX',
] as const;
export const PLATFORM_TYPES = [
  'FILE_SYSTEM',
  'KEY_VALUE_STORE',
  'MESSAGE_BROKER',
  'OBJECT_STORE',
  'OLAP_DATASTORE',
  'QUERY_ENGINE',
  'RELATIONAL_DB',
  'SEARCH_ENGINE',
  'OTHERS',
] as const;
export const CHART_TYPES = [
  'BAR',
  'PIE',
  'SCATTER',
  'TABLE',
  'TEXT',
  'LINE',
  'AREA',
  'HISTOGRAM',
  'BOX_PLOT',
  'WORD_CLOUD',
  'COHORT',
] as const;
export const OPERATION_TYPES = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'ALTER',
  'DROP',
  'CUSTOM',
  'UNKNOWN',
] as const;
export const OPERATION_SOURCES = ['DATA_PROCESS', 'DATA_PLATFORM'] as const;
export const PARTITION_TYPES = ['FULL_TABLE', 'QUERY', 'PARTITION'] as const;

export function platformRef(platform: string | undefined): EntityRef {
  const name = platform ?? 'unknown';
  return {
    urn: name.startsWith('urn:li:dataPlatform:') ? name : `urn:li:dataPlatform:${name}`,
    entityType: 'dataPlatform',
  };
}

// ------------------------------------------------------------------------------------------------ timeseries
