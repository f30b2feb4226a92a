import type { DatasetSql } from './sql-text.js';

/**
 * What the generators read of a dataset, gathered from the hub in one pass (catalog-reader.ts) so that each
 * generator is a pure function of it: names, docs, schema, lineage, SQL, glossary, domain and samples.
 */
export interface FieldView {
  fieldPath: string;
  /** DataHub's field type (STRING, NUMBER, …). */
  type: string;
  nativeType: string | null;
  /** The description a reader sees: the editable one (a person's edit) over the ingested one. */
  description: string | null;
  /** What editableSchemaMetadata holds for the field: a write goes here, and only while it is unchanged. */
  editableDescription: string | null;
  termUrns: string[];
  sampleValues: string[] | null;
}

export interface DatasetView {
  urn: string;
  /** The table's own name (last part of the qualified name). */
  name: string;
  platform: string;
  description: string | null;
  editableDescription: string | null;
  fields: FieldView[];
  /** Upstream datasets (upstreamLineage). */
  upstreams: string[];
  /** Column lineage DataHub already has: downstream field → upstream fields (dataset urn, field path). */
  columnLineage: Map<string, { urn: string; fieldPath: string }[]>;
  sql: DatasetSql | null;
  domainUrn: string | null;
  termUrns: string[];
  ownerUrns: string[];
  /** `layer` custom property, subtype or a name prefix (raw, stg, silver, gold, mart …), when known. */
  layer: string | null;
  deprecated: boolean;
  lastModified: number | null;
}

export interface GlossaryTermView {
  urn: string;
  name: string;
  /** The term's definition, when it has one (what semantic matching reads besides the name). */
  definition?: string | null;
  /** The node it sits under, by name (for new-term proposals). */
  parentName: string | null;
}

export interface DomainView {
  urn: string;
  name: string;
}

export interface CatalogView {
  datasets: Map<string, DatasetView>;
  terms: GlossaryTermView[];
  domains: DomainView[];
}

/** `urn:li:schemaField:(<dataset urn>,<field path>)` */
export function schemaFieldUrn(datasetUrn: string, fieldPath: string): string {
  return `urn:li:schemaField:(${datasetUrn},${fieldPath})`;
}

/** The dataset urn and field path of a schemaField urn, or null. */
export function parseSchemaFieldUrn(urn: string): { urn: string; fieldPath: string } | null {
  const m = /^urn:li:schemaField:\((urn:li:dataset:\(.*\)),(.+)\)$/.exec(urn);
  return m ? { urn: m[1]!, fieldPath: m[2]! } : null;
}

/** The last part of a dataset urn's name, lower case (`db.schema.orders` → `orders`). */
export function tableNameOf(datasetUrn: string): string {
  const m = /^urn:li:dataset:\(urn:li:dataPlatform:[^,]+,(.+),[^,]+\)$/.exec(datasetUrn);
  const name = m ? m[1]! : datasetUrn;
  return (name.split('.').pop() ?? name).toLowerCase();
}

export function platformOf(datasetUrn: string): string {
  return /urn:li:dataPlatform:([^,]+),/.exec(datasetUrn)?.[1] ?? '';
}
