/**
 * The search document port: the catalog as the DA search sees it, one document per dataset, with
 * lexical (full-text) retrieval and structured filters. The PostgreSQL adapter (pg-documents.ts) serves it
 * from spoke_da.dataset_doc on PGlite or PostgreSQL.
 */

export interface NamedRef {
  urn: string;
  name: string;
}

export interface IndexedField {
  path: string;
  type: string;
  nativeType: string | null;
  description: string | null;
  isKey: boolean;
  tags: string[];
  terms: string[];
  /** Values of a categorical column from the latest profile (its sample values), when known. */
  valueHints?: string[];
  /** Distinct values in the latest profile, when profiled. */
  distinctCount?: number | null;
}

/** A dataset as indexed: what ranking, evidence, result context and SQL context need, with no hub call. */
export interface IndexedDataset {
  urn: string;
  name: string;
  qualifiedName: string | null;
  description: string | null;
  platform: NamedRef;
  layer: string | null;
  domain: NamedRef | null;
  container: NamedRef | null;
  owners: (NamedRef & { type: string | null })[];
  tags: NamedRef[];
  terms: NamedRef[];
  fields: IndexedField[];
  primaryKeys: string[];
  upstreams: NamedRef[];
  downstreams: (NamedRef & { type: string })[];
  dashboards: (NamedRef & { owners: NamedRef[] })[];
  deprecation: { note: string | null } | null;
  curated: boolean;
  /** Epoch millis of the last known data change (operations, else properties). */
  lastUpdated: number | null;
  /** 0..1: description and documented fields. */
  documentation: number;
  /** 0..1: how much is built on it (dashboards, charts, downstream datasets). */
  usage: number;
  copyKey: string;
}

/** A document with the texts full-text search weighs: name > fields > descriptions and labels > context. */
export interface DocumentRow {
  dataset: IndexedDataset;
  contentHash: string;
  embedHash: string | null;
  consumers: string[];
  text: { name: string; fields: string; descriptions: string; context: string };
}

export interface FacetLabel {
  urn: string;
  kind: 'tag' | 'term' | 'domain' | 'owner' | 'platform' | 'dashboard' | 'chart' | 'layer';
  label: string;
}

/** `deprecated` holds `true` or `false`. */
export type FilterColumn =
  | 'platform'
  | 'domain'
  | 'layer'
  | 'container'
  | 'urn'
  | 'tags'
  | 'terms'
  | 'owners'
  | 'consumers'
  | 'deprecated';

/** Alternatives (OR) of one condition; a filter is a list of these, all of which must hold (AND). */
export type FilterClause = { column: FilterColumn; values: string[] }[];

/** What telling copies of a table apart needs of a same-named dataset (a light read, not its document). */
export interface CopyCandidate {
  urn: string;
  copyKey: string;
  platform: NamedRef;
  layer: string | null;
  curated: boolean;
  deprecated: boolean;
  documentation: number;
  usage: number;
  upstreams: string[];
  downstreams: string[];
  /** Field paths, lower case. */
  columns: string[];
}

export interface LexicalHit {
  urn: string;
  score: number;
}

/** Something that went wrong with a dataset lately (a failing or warning validation run). */
export interface DatasetIncident {
  urn: string;
  /** Epoch millis. */
  at: number;
  /** fail | warn */
  status: string;
  issues: number;
  /** The first issue's explanation. */
  summary: string | null;
}

export interface SearchDocuments {
  /** Loads what answering a question needs ahead of the first one (a server calls it as it starts). */
  prepare(): Promise<void>;
  /** Hashes of indexed documents (all of them without urns). */
  hashes(urns?: readonly string[]): Promise<Map<string, { contentHash: string; embedHash: string | null }>>;
  upsert(rows: readonly DocumentRow[], labels: readonly FacetLabel[]): Promise<void>;
  setEmbedHash(entries: readonly { urn: string; embedHash: string }[]): Promise<void>;
  remove(urns: readonly string[]): Promise<void>;
  /** Full-text ranking of the question, IDF-weighted per field; `within` restricts to those urns. */
  lexical(
    question: string,
    k: number,
    within?: readonly string[] | null,
    options?: {
      /** The question's embedding, when one is being made: what it means, for query expansion. */
      meaning?: Promise<Float32Array> | null;
    },
  ): Promise<LexicalHit[]>;
  /** Urns satisfying every clause (at most `cap`). */
  filter(clauses: readonly FilterClause[], cap: number): Promise<string[]>;
  get(urns: readonly string[]): Promise<Map<string, IndexedDataset>>;
  /** Datasets sharing a copy key, per key. */
  copies(copyKeys: readonly string[]): Promise<Map<string, CopyCandidate[]>>;
  /**
   * Datasets upstream of these (through indexed datasets' lineage, at most `maxDepth` hops, at most `cap`),
   * each with the name of the dataset among `roots` it was reached from (an answer may be shared between calls:
   * not to be changed).
   */
  upstreamClosure(
    roots: readonly string[],
    maxDepth: number,
    cap: number,
  ): Promise<{ urn: string; via: string }[]>;
  labels(): Promise<FacetLabel[]>;
  count(): Promise<number>;
  /** Failing or warning validation runs of these datasets since `since` (epoch millis), newest first. */
  recentIncidents(urns: readonly string[], since: number): Promise<Map<string, DatasetIncident[]>>;
  /** After a bulk change: fresh planner statistics, dead row versions reclaimed (optional). */
  maintain?(): Promise<void>;
  /** Datasets indexed in each of these containers (databases, schemas). */
  containerSizes(containers: readonly string[]): Promise<Map<string, number>>;
}
