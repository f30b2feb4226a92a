import { urnDisplayId } from '@dataspoke/hub/urn';
import type { HubDataset, HubEntity, HubPort, HubRelationshipType } from '../../ports/hub-port.js';
import type {
  CatalogDataset,
  DataProductInfo,
  DomainInfo,
  GlossaryNodeInfo,
  GlossaryTermInfo,
  OverviewCatalog,
} from './catalog-model.js';

/**
 * Reads the catalog the overview needs through the hub port, in a few batched calls per 500 datasets:
 * every live dataset (scrolled), its lineage one hop up (datasets) and down (charts, dashboards), the
 * containers, tags, glossary terms and nodes, domains and data products it refers to or the hub lists.
 */

const PAGE = 1000;
const BATCH = 500;
/** Glossary and domain entities listed per search page. */
const LIST_PAGE = 1000;

type Progress = (step: string, done: number, total: number) => void;

function nameOf(e: HubEntity | undefined, urn: string): string {
  const p = e?.properties as { name?: unknown; displayName?: unknown } | null | undefined;
  const name = p?.displayName ?? p?.name ?? e?.name;
  return typeof name === 'string' && name !== '' ? name : urnDisplayId(urn);
}

function firstParent(list: unknown, key: 'nodes' | 'domains'): string | null {
  const items = (list as Record<string, { urn?: string }[] | null> | null | undefined)?.[key];
  return items?.[0]?.urn ?? null;
}

/** The dataset's name within its platform, from the urn (`db.schema.table`, a path). */
function urnName(urn: string): string {
  const m = /^urn:li:dataset:\(urn:li:dataPlatform:[^,]+,(.*),[^,]+\)$/.exec(urn);
  return m?.[1] ?? urn;
}

function lastSegment(name: string): string {
  const parts = name.split(/[./]/).filter(Boolean);
  return parts.at(-1) ?? name;
}

async function listUrns(hub: HubPort, type: string): Promise<string[]> {
  const urns: string[] = [];
  for (let start = 0; ; start += LIST_PAGE) {
    const page = await hub.search({ types: [type], query: '*', start, count: LIST_PAGE });
    urns.push(...page.hits.map((h) => h.entity.urn));
    if (page.hits.length < LIST_PAGE || urns.length >= page.total) return urns;
  }
}

async function entities(hub: HubPort, urns: Iterable<string>): Promise<Map<string, HubEntity>> {
  const all = [...new Set(urns)];
  const out = new Map<string, HubEntity>();
  for (let i = 0; i < all.length; i += BATCH)
    for (const [urn, e] of await hub.getEntities(all.slice(i, i + BATCH))) out.set(urn, e);
  return out;
}

function datasetOf(d: HubDataset): Omit<CatalogDataset, 'upstreams' | 'consumers' | 'container' | 'tags'> & {
  containerUrn: string | null;
  tagUrns: string[];
} {
  const qualifiedName = d.properties?.qualifiedName ?? urnName(d.urn);
  const edited = new Map(
    (d.editableSchemaMetadata?.editableSchemaFieldInfo ?? []).map((f) => [f.fieldPath, f]),
  );
  return {
    urn: d.urn,
    name: lastSegment(urnName(d.urn)),
    qualifiedName,
    description: d.editableProperties?.description ?? d.properties?.description ?? null,
    platform: d.platform.name,
    subTypes: d.subTypes?.typeNames ?? [],
    containerUrn: d.container?.urn ?? null,
    domain: d.domain?.domain.urn ?? null,
    properties: Object.fromEntries((d.properties?.customProperties ?? []).map((p) => [p.key, p.value ?? ''])),
    tagUrns: (d.tags?.tags ?? []).map((t) => t.tag.urn),
    terms: (d.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
    columns: (d.schemaMetadata?.fields ?? []).map((f) => ({
      path: f.fieldPath,
      terms: [
        ...new Set([
          ...(f.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
          ...(edited.get(f.fieldPath)?.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
        ]),
      ],
    })),
  };
}

/** Every dataset's urn, scrolled page by page. */
export async function allDatasetUrns(hub: HubPort): Promise<string[]> {
  const urns: string[] = [];
  let scrollId: string | null = null;
  do {
    const page = await hub.scrollDatasets({ scrollId, count: PAGE });
    urns.push(...page.datasets.map((d) => d.urn));
    scrollId = page.datasets.length > 0 ? page.nextScrollId : null;
  } while (scrollId);
  return urns;
}

export async function readOverviewCatalog(
  hub: HubPort,
  options: { now?: number; onProgress?: Progress } = {},
): Promise<OverviewCatalog> {
  const progress = options.onProgress ?? (() => undefined);
  const urns = await allDatasetUrns(hub);

  const read: ReturnType<typeof datasetOf>[] = [];
  const upstreams = new Map<string, string[]>();
  const consumers = new Map<string, { urn: string; type: 'CHART' | 'DASHBOARD' }[]>();
  for (let i = 0; i < urns.length; i += BATCH) {
    const batch = urns.slice(i, i + BATCH);
    const [found, up, down] = await Promise.all([
      hub.getDatasets(batch),
      hub.getLineage(batch, 'UPSTREAM'),
      hub.getLineage(batch, 'DOWNSTREAM'),
    ]);
    for (const d of found.values()) if (d.status?.removed !== true) read.push(datasetOf(d));
    for (const [urn, l] of up)
      upstreams.set(
        urn,
        l.relationships.filter((r) => r.entity?.type === 'DATASET').map((r) => r.entity!.urn),
      );
    for (const [urn, l] of down)
      consumers.set(
        urn,
        l.relationships
          .filter((r) => r.entity?.type === 'CHART' || r.entity?.type === 'DASHBOARD')
          .map((r) => ({ urn: r.entity!.urn, type: r.entity!.type as 'CHART' | 'DASHBOARD' })),
      );
    progress('datasets', Math.min(urns.length, i + BATCH), urns.length);
  }

  const [termUrns, nodeUrns, domainUrns, productUrns] = await Promise.all([
    listUrns(hub, 'GLOSSARY_TERM'),
    listUrns(hub, 'GLOSSARY_NODE'),
    listUrns(hub, 'DOMAIN'),
    listUrns(hub, 'DATA_PRODUCT'),
  ]);
  const live = new Set(read.map((d) => d.urn));
  const refs = new Set<string>([...termUrns, ...nodeUrns, ...domainUrns, ...productUrns]);
  for (const d of read) {
    if (d.containerUrn) refs.add(d.containerUrn);
    if (d.domain) refs.add(d.domain);
    d.tagUrns.forEach((u) => refs.add(u));
    d.terms.forEach((u) => refs.add(u));
    d.columns.forEach((c) => c.terms.forEach((u) => refs.add(u)));
    consumers.get(d.urn)?.forEach((c) => refs.add(c.urn));
  }
  let known = await entities(hub, refs);
  // Parents named by what was read (a node or domain the listing did not return).
  const parents = new Set<string>();
  for (const e of known.values()) {
    const parent = firstParent(e.parentNodes, 'nodes') ?? firstParent(e.parentDomains, 'domains');
    if (parent && !known.has(parent)) parents.add(parent);
  }
  if (parents.size > 0) known = new Map([...known, ...(await entities(hub, parents))]);
  progress('glossary and domains', 1, 1);

  const byType = (type: string) => [...known.values()].filter((e) => e.type === type);
  const related = await hub.getRelated(
    [...byType('GLOSSARY_TERM'), ...byType('DATA_PRODUCT')].map((e) => e.urn),
    ['IsA', 'HasA', 'IsRelatedTo', 'DataProductContains'],
  );
  const relatedOf = (urn: string, type: HubRelationshipType) =>
    (related.get(urn) ?? []).filter((r) => r.type === type).map((r) => r.urn);
  const terms: GlossaryTermInfo[] = byType('GLOSSARY_TERM').map((e) => ({
    urn: e.urn,
    name: nameOf(e, e.urn),
    parentNode: firstParent(e.parentNodes, 'nodes'),
    isA: relatedOf(e.urn, 'IsA'),
    hasA: relatedOf(e.urn, 'HasA'),
    relatedTo: relatedOf(e.urn, 'IsRelatedTo'),
  }));
  const nodes: GlossaryNodeInfo[] = byType('GLOSSARY_NODE').map((e) => ({
    urn: e.urn,
    name: nameOf(e, e.urn),
    parentNode: firstParent(e.parentNodes, 'nodes'),
  }));
  const domains: DomainInfo[] = byType('DOMAIN').map((e) => ({
    urn: e.urn,
    name: nameOf(e, e.urn),
    parentDomain: firstParent(e.parentDomains, 'domains'),
  }));
  const products: DataProductInfo[] = byType('DATA_PRODUCT').map((e) => ({
    urn: e.urn,
    name: nameOf(e, e.urn),
    domain: (e.domain as { domain?: { urn?: string } } | null | undefined)?.domain?.urn ?? null,
    assets: relatedOf(e.urn, 'DataProductContains').filter((u) => live.has(u)),
  }));

  const datasets: CatalogDataset[] = read.map(({ containerUrn, tagUrns, ...d }) => {
    const container = containerUrn ? known.get(containerUrn) : undefined;
    const cp = container?.properties as { name?: string; qualifiedName?: string | null } | null | undefined;
    return {
      ...d,
      container: containerUrn
        ? {
            urn: containerUrn,
            name: nameOf(container, containerUrn),
            qualifiedName: cp?.qualifiedName ?? null,
          }
        : null,
      tags: tagUrns.map((urn) => ({ urn, name: nameOf(known.get(urn), urn) })),
      upstreams: (upstreams.get(d.urn) ?? []).filter((u) => live.has(u)),
      consumers: (consumers.get(d.urn) ?? []).map((c) => ({ ...c, name: nameOf(known.get(c.urn), c.urn) })),
    };
  });
  return { datasets, terms, nodes, domains, products, readAt: options.now ?? Date.now() };
}
