/**
 * The catalog as the overview sees it: every live dataset with what its layer, its place in the taxonomy and
 * the lineage between layers need, read once from the hub (catalog-reader.ts) and kept until the catalog
 * changes (overview-service.ts). Plain data, so the inference, flows, smells and clusters are pure functions
 * tested on hand-made catalogs.
 */

export const LAYERS = ['source', 'bronze', 'silver', 'gold'] as const;
export type Layer = (typeof LAYERS)[number];

export interface CatalogColumn {
  path: string;
  /** Glossary term urns on the column (ingested or edited). */
  terms: string[];
}

export interface CatalogDataset {
  urn: string;
  /** The table's own name (last part of its qualified name). */
  name: string;
  /** db.schema.table or the path, as the hub knows it (else from the urn). */
  qualifiedName: string;
  description: string | null;
  /** Platform id as in its urn: postgres, s3, snowflake, looker … */
  platform: string;
  /** DataHub subtypes: Table, View, Source, Model, Explore … */
  subTypes: string[];
  container: { urn: string; name: string; qualifiedName: string | null } | null;
  domain: string | null;
  /** Custom properties (key → value). */
  properties: Record<string, string>;
  /** Tag urns and names. */
  tags: { urn: string; name: string }[];
  /** Dataset-level glossary term urns. */
  terms: string[];
  columns: CatalogColumn[];
  /** Datasets this one reads (one hop, live datasets only). */
  upstreams: string[];
  /** Charts and dashboards that read it directly. */
  consumers: { urn: string; type: 'CHART' | 'DASHBOARD'; name: string }[];
}

export interface GlossaryTermInfo {
  urn: string;
  name: string;
  /** The glossary node it sits in. */
  parentNode: string | null;
  isA: string[];
  hasA: string[];
  relatedTo: string[];
}

export interface GlossaryNodeInfo {
  urn: string;
  name: string;
  parentNode: string | null;
}

export interface DomainInfo {
  urn: string;
  name: string;
  parentDomain: string | null;
}

export interface DataProductInfo {
  urn: string;
  name: string;
  domain: string | null;
  /** Dataset urns it contains. */
  assets: string[];
}

export interface OverviewCatalog {
  datasets: CatalogDataset[];
  terms: GlossaryTermInfo[];
  nodes: GlossaryNodeInfo[];
  domains: DomainInfo[];
  products: DataProductInfo[];
  /** When it was read (epoch millis). */
  readAt: number;
}
