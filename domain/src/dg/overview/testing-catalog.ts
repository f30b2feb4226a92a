import type { CatalogDataset } from './catalog-model.js';

/** A hand-made dataset for the overview's unit tests: a snowflake table with nothing but its name. */
export function catalogDataset(name: string, over: Partial<CatalogDataset> = {}): CatalogDataset {
  const platform = over.platform ?? 'snowflake';
  const qualifiedName = over.qualifiedName ?? `db.schema.${name}`;
  return {
    urn: `urn:li:dataset:(urn:li:dataPlatform:${platform},${qualifiedName},PROD)`,
    name,
    qualifiedName,
    description: null,
    platform,
    subTypes: [],
    container: null,
    domain: null,
    properties: {},
    tags: [],
    terms: [],
    columns: [],
    upstreams: [],
    consumers: [],
    ...over,
  };
}

/** The metadata a catalog file or generator proposes, as far as knowing its declared layers goes. */
interface Proposal {
  entityUrn: string;
  aspectName: string;
  aspect?: unknown;
}

/**
 * The layer each dataset declares in its `layer` custom property, and its domain, read from the proposals
 * that write them (the last one written wins): the known layers accuracy is measured against.
 */
export function declaredLayersOf(
  proposals: Iterable<Proposal>,
): Map<string, { layer: string | null; domain: string | null }> {
  const out = new Map<string, { layer: string | null; domain: string | null }>();
  const entry = (urn: string) => out.get(urn) ?? out.set(urn, { layer: null, domain: null }).get(urn)!;
  for (const p of proposals) {
    if (!p.entityUrn.startsWith('urn:li:dataset:')) continue;
    const aspect = p.aspect as { customProperties?: Record<string, string>; domains?: string[] } | undefined;
    if (p.aspectName === 'datasetProperties')
      entry(p.entityUrn).layer = aspect?.customProperties?.layer ?? null;
    if (p.aspectName === 'domains') entry(p.entityUrn).domain = aspect?.domains?.[0] ?? null;
  }
  return out;
}
