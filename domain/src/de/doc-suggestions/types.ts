/**
 * Documentation suggestions: proposals drawn from SQL, lineage, similar tables and the catalog's own glossary,
 * each with its evidence and confidence, reviewed by people and written back to DataHub when accepted.
 */

export const SUGGESTION_KINDS = [
  'column_description',
  'table_description',
  'column_lineage',
  'glossary_term',
  'new_glossary_term',
  'domain',
  'similar_tables',
] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

export const SUGGESTION_STATUSES = ['pending', 'accepted', 'rejected', 'stale'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** One piece of evidence: what was seen, in words, and where (an urn, a field, a SQL expression). */
export interface Evidence {
  kind:
    | 'sql'
    | 'upstream_doc'
    | 'lineage'
    | 'name'
    | 'type'
    | 'sample_values'
    | 'glossary'
    | 'neighbours'
    | 'schema_overlap'
    | 'cluster';
  detail: string;
  urn?: string;
  fieldPath?: string;
}

/** What an accepted suggestion writes (the target aspect and the value), by kind. */
export type SuggestionValue =
  | { kind: 'column_description' | 'table_description' | 'similar_tables'; text: string }
  | { kind: 'column_lineage'; upstreams: string[]; downstream: string; transformOperation: string }
  | { kind: 'glossary_term'; termUrn: string; termName: string }
  | { kind: 'new_glossary_term'; termUrn: string; name: string; definition: string; fieldPaths: string[] }
  | { kind: 'domain'; domainUrn: string; domainName: string };

/**
 * A proposal before it is stored. `baseline` is the value of the target field in DataHub when the proposal was
 * made (null when empty): accepting writes only while the field still holds it, so a person's later edit is never
 * overwritten (the proposal goes stale instead).
 */
export interface Proposal {
  datasetUrn: string;
  /** The column it is about; null for the dataset itself. */
  fieldPath: string | null;
  kind: SuggestionKind;
  value: SuggestionValue;
  baseline: string | null;
  evidence: Evidence[];
  /** 0..1: how sure the generator is. */
  confidence: number;
  /** How the text was phrased: the deterministic generator, or the configured LLM. */
  phrasedBy: 'deterministic' | 'llm';
}

/** A stored proposal. */
export interface Suggestion extends Proposal {
  id: string;
  status: SuggestionStatus;
  createdAt: number;
  updatedAt: number;
  /** Who accepted or rejected it, and when; the text written when it was edited before accepting. */
  decidedBy: string | null;
  decidedAt: number | null;
  writtenValue: SuggestionValue | null;
  /** Why it went stale (the field's value in DataHub changed since the proposal). */
  staleReason: string | null;
}

/** The one proposal per target: a new proposal for the same target replaces a pending one. */
export function targetKey(p: Pick<Proposal, 'datasetUrn' | 'fieldPath' | 'kind' | 'value'>): string {
  const v = p.value;
  const detail =
    v.kind === 'glossary_term'
      ? v.termUrn
      : v.kind === 'new_glossary_term'
        ? v.termUrn
        : v.kind === 'column_lineage'
          ? v.downstream
          : '';
  return [p.datasetUrn, p.fieldPath ?? '', p.kind, detail].join('\u001f');
}
