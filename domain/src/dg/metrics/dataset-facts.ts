import type { HubDataset, HubDatasetProfile, HubOperation } from '../../ports/hub-port.js';
import { documentationCoverage } from '../documentation.js';
import type { MetricJudges } from './judges.js';
import { NO_GROUP, type GroupDimension } from './metric-catalog.js';

/**
 * What the daily figures need of one dataset: its groups in each breakdown, its present state
 * (documentation, owners, deprecation, PII) and its histories (operations, profiles, schema versions) in time
 * order, so that any day's figures can be computed from them alone (day-figures.ts).
 */
export interface DatasetFacts {
  urn: string;
  groups: Record<GroupDimension, string>;
  /** When the dataset was first seen (created, or its first profile or operation); null: unknown. */
  firstSeen: number | null;
  deprecated: boolean;
  tableDocumented: boolean;
  fieldsDocumented: number;
  fieldsTotal: number;
  owned: boolean;
  /** Has a column whose name or description says PII. */
  piiLike: boolean;
  /** Carries a PII glossary term (on the dataset or a column). */
  piiTermed: boolean;
  /** Oldest first. */
  operations: HubOperation[];
  /** Oldest first: when, rows, bytes. */
  profiles: { at: number; rows: number | null; bytes: number | null }[];
  /** When each schema version after the first was written. */
  schemaChanges: number[];
}

/** The first group owner (corpGroup) of a dataset, else NO_GROUP. */
function ownerGroup(d: HubDataset): string {
  const group = (d.ownership?.owners ?? []).find((o) => o.owner.urn.startsWith('urn:li:corpGroup:'));
  return group?.owner.urn ?? NO_GROUP;
}

function termsOf(d: HubDataset): string[] {
  const edited = d.editableSchemaMetadata?.editableSchemaFieldInfo ?? [];
  return [
    ...(d.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
    ...(d.schemaMetadata?.fields ?? []).flatMap((f) => (f.glossaryTerms?.terms ?? []).map((t) => t.term.urn)),
    ...edited.flatMap((f) => (f.glossaryTerms?.terms ?? []).map((t) => t.term.urn)),
  ];
}

export interface DatasetHistories {
  /** Any order. */
  operations: readonly HubOperation[];
  profiles: readonly HubDatasetProfile[];
  /** When each schema version was written (null: unknown), any order. */
  schemaVersionTimes: readonly (number | null)[];
}

export function datasetFacts(
  d: HubDataset,
  histories: DatasetHistories,
  layer: string | null,
  judges: Pick<MetricJudges, 'piiLike' | 'piiTerm'>,
): DatasetFacts {
  const coverage = documentationCoverage(d);
  const table = d.name.split(/[./]/).at(-1) ?? d.name;
  const fields = d.schemaMetadata?.fields ?? [];
  const fieldPaths = fields.map((f) => f.fieldPath);
  const piiLike = fields.some((f) => judges.piiLike(table, f, fieldPaths));
  const operations = [...histories.operations].sort((a, b) => a.timestampMillis - b.timestampMillis);
  const profiles = [...histories.profiles]
    .sort((a, b) => a.timestampMillis - b.timestampMillis)
    .map((p) => ({ at: p.timestampMillis, rows: p.rowCount, bytes: p.sizeInBytes }));
  const versions = histories.schemaVersionTimes.filter((t): t is number => t !== null).sort((a, b) => a - b);
  const firsts = [
    d.properties?.created ?? null,
    operations[0]?.timestampMillis ?? null,
    profiles[0]?.at ?? null,
  ].filter((t): t is number => t !== null && t > 0);
  return {
    urn: d.urn,
    groups: {
      DOMAIN: d.domain?.domain.urn ?? NO_GROUP,
      PLATFORM: d.platform.urn,
      LAYER: layer ?? NO_GROUP,
      OWNER_GROUP: ownerGroup(d),
    },
    firstSeen: firsts.length > 0 ? Math.min(...firsts) : null,
    deprecated: d.deprecation?.deprecated === true,
    tableDocumented: coverage.tableDocumented,
    fieldsDocumented: coverage.fieldsDocumented,
    fieldsTotal: coverage.fieldsTotal,
    owned: (d.ownership?.owners ?? []).length > 0,
    piiLike,
    piiTermed: termsOf(d).some((t) => judges.piiTerm(t)),
    operations,
    profiles,
    schemaChanges: versions.slice(1),
  };
}
