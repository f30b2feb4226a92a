import { InvalidInputError } from '../../shared/errors.js';
import type { CatalogDataset, Layer, OverviewCatalog } from './catalog-model.js';
import { FLOW_LAYERS, layerFlows, type LayerFlows } from './layer-flows.js';
import { inferLayers, type LayerJudgement } from './layer-inference.js';
import { layerSmells, type LayerSmell } from './layer-smells.js';
import { topicClusters, type TopicCluster } from './topic-clusters.js';

/**
 * The overview's two perspectives as graphs ready to draw (nodes, edges, groups): the taxonomy (glossary
 * nodes and terms with their isA/hasA/related links, domains and data products, the datasets and columns
 * attached to them, and suggested topic groupings for datasets without terms), and the medallion view
 * (layers, datasets with their inferred layer, lineage between them, flows between layers and smells).
 * The analysis of the whole catalog (layers, clusters, smells) is computed once per catalog read
 * (analyzeCatalog) and each question only filters it.
 */

export const PERSPECTIVES = ['TAXONOMY', 'MEDALLION'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

export type OverviewNodeKind =
  'GLOSSARY_NODE' | 'GLOSSARY_TERM' | 'DOMAIN' | 'DATA_PRODUCT' | 'DATASET' | 'COLUMN' | 'TOPIC' | 'LAYER';
export type OverviewEdgeKind =
  | 'CHILD_OF'
  | 'IS_A'
  | 'HAS_A'
  | 'RELATED_TO'
  | 'IN_DOMAIN'
  | 'IN_PRODUCT'
  | 'HAS_TERM'
  | 'HAS_COLUMN'
  | 'SUGGESTED_TOPIC'
  | 'READS'
  | 'FLOWS_TO';

export interface OverviewNode {
  id: string;
  kind: OverviewNodeKind;
  label: string;
  /** The entity's urn (datasets, terms, domains …); null for layers and topics. */
  urn: string | null;
  /** The group it is drawn in (a domain, a layer, a topic). */
  group: string | null;
  layer: Layer | null;
  confidence: number | null;
  /** Datasets it stands for (a layer, a term, a topic), 1 for a dataset. */
  size: number;
}

export interface OverviewEdge {
  source: string;
  target: string;
  kind: OverviewEdgeKind;
  weight: number;
}

export interface OverviewGroup {
  id: string;
  kind: 'DOMAIN' | 'TOPIC' | 'LAYER';
  label: string;
  members: number;
  /** A suggested grouping (topic cluster), not one the catalog declares. */
  suggested: boolean;
  words: string[];
}

export interface Overview {
  perspective: Perspective;
  domain: { urn: string; name: string } | null;
  datasets: number;
  nodes: OverviewNode[];
  edges: OverviewEdge[];
  groups: OverviewGroup[];
  /** Medallion: the drawn datasets' layers with evidence; empty for the taxonomy. */
  layers: LayerJudgement[];
  flows: LayerFlows | null;
  smells: LayerSmell[];
  /** Datasets left out of nodes (beyond MAX_DATASET_NODES); counts and flows still cover them. */
  truncated: number;
  readAt: number;
}

/** What one catalog read yields for every question until the catalog changes. */
export interface CatalogAnalysis {
  catalog: OverviewCatalog;
  layers: Map<string, LayerJudgement>;
  clusters: TopicCluster[];
  smells: LayerSmell[];
  domainNames: Map<string, string>;
}

/** Dataset nodes drawn at most (the flows, groups and smells still count every dataset). */
export const MAX_DATASET_NODES = 1500;

export function analyzeCatalog(
  catalog: OverviewCatalog,
  vectors?: ReadonlyMap<string, Float32Array>,
): CatalogAnalysis {
  const termNames = new Map(catalog.terms.map((t) => [t.urn, t.name]));
  const layers = inferLayers(catalog.datasets, termNames);
  return {
    catalog,
    layers,
    clusters: topicClusters(catalog.datasets, vectors),
    smells: layerSmells(catalog.datasets, layers),
    domainNames: new Map(catalog.domains.map((d) => [d.urn, d.name])),
  };
}

/** The domain and its subdomains (a domain urn the catalog does not know is refused). */
function domainScope(a: CatalogAnalysis, domain: string | null | undefined): Set<string> | null {
  if (!domain) return null;
  const known = a.domainNames.has(domain) || a.catalog.datasets.some((d) => d.domain === domain);
  if (!known) throw new InvalidInputError('UNKNOWN_DOMAIN', `no domain ${domain} in the catalog`);
  const scope = new Set([domain]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of a.catalog.domains)
      if (d.parentDomain && scope.has(d.parentDomain) && !scope.has(d.urn)) {
        scope.add(d.urn);
        grew = true;
      }
  }
  return scope;
}

export function parsePerspective(value: string): Perspective {
  const upper = value.trim().toUpperCase();
  if (!(PERSPECTIVES as readonly string[]).includes(upper))
    throw new InvalidInputError(
      'UNKNOWN_PERSPECTIVE',
      `unknown perspective ${JSON.stringify(value)}: expected one of ${PERSPECTIVES.join(', ')}`,
    );
  return upper as Perspective;
}

function datasetNode(d: CatalogDataset, j: LayerJudgement | undefined, group: string | null): OverviewNode {
  return {
    id: d.urn,
    kind: 'DATASET',
    label: d.name,
    urn: d.urn,
    group,
    layer: j?.layer ?? null,
    confidence: j ? j.confidence : null,
    size: 1,
  };
}

function taxonomy(a: CatalogAnalysis, datasets: CatalogDataset[], scope: Set<string> | null) {
  const nodes: OverviewNode[] = [];
  const edges: OverviewEdge[] = [];
  const { catalog } = a;
  const inScope = new Set(datasets.map((d) => d.urn));
  const termUse = new Map<string, number>();
  for (const d of datasets)
    for (const t of new Set([...d.terms, ...d.columns.flatMap((c) => c.terms)]))
      termUse.set(t, (termUse.get(t) ?? 0) + 1);
  // Glossary: every node and term of the whole glossary (it is small), with their use in scope.
  for (const n of catalog.nodes) {
    nodes.push({
      id: n.urn,
      kind: 'GLOSSARY_NODE',
      label: n.name,
      urn: n.urn,
      group: null,
      layer: null,
      confidence: null,
      size: 0,
    });
    if (n.parentNode) edges.push({ source: n.urn, target: n.parentNode, kind: 'CHILD_OF', weight: 1 });
  }
  for (const t of catalog.terms) {
    nodes.push({
      id: t.urn,
      kind: 'GLOSSARY_TERM',
      label: t.name,
      urn: t.urn,
      group: null,
      layer: null,
      confidence: null,
      size: termUse.get(t.urn) ?? 0,
    });
    if (t.parentNode) edges.push({ source: t.urn, target: t.parentNode, kind: 'CHILD_OF', weight: 1 });
    for (const [kind, list] of [
      ['IS_A', t.isA],
      ['HAS_A', t.hasA],
      ['RELATED_TO', t.relatedTo],
    ] as const)
      for (const other of list) edges.push({ source: t.urn, target: other, kind, weight: 1 });
  }
  for (const d of catalog.domains) {
    if (scope && !scope.has(d.urn)) continue;
    const size = datasets.filter((x) => x.domain === d.urn).length;
    nodes.push({
      id: d.urn,
      kind: 'DOMAIN',
      label: d.name,
      urn: d.urn,
      group: d.urn,
      layer: null,
      confidence: null,
      size,
    });
    if (d.parentDomain && (!scope || scope.has(d.parentDomain)))
      edges.push({ source: d.urn, target: d.parentDomain, kind: 'CHILD_OF', weight: 1 });
  }
  for (const p of catalog.products) {
    if (scope && !(p.domain && scope.has(p.domain))) continue;
    nodes.push({
      id: p.urn,
      kind: 'DATA_PRODUCT',
      label: p.name,
      urn: p.urn,
      group: p.domain,
      layer: null,
      confidence: null,
      size: p.assets.length,
    });
    if (p.domain) edges.push({ source: p.urn, target: p.domain, kind: 'IN_DOMAIN', weight: 1 });
  }
  // Datasets attached to terms or products first, then the rest, up to the bound.
  const inProduct = new Map<string, string[]>();
  for (const p of catalog.products)
    for (const u of p.assets) (inProduct.get(u) ?? inProduct.set(u, []).get(u)!).push(p.urn);
  const attached = (d: CatalogDataset) =>
    d.terms.length > 0 || inProduct.has(d.urn) || d.columns.some((c) => c.terms.length > 0);
  const ordered = [...datasets].sort(
    (x, y) => Number(attached(y)) - Number(attached(x)) || x.urn.localeCompare(y.urn),
  );
  const drawn = ordered.slice(0, MAX_DATASET_NODES);
  const topicOf = new Map<string, string>();
  for (const c of a.clusters) for (const m of c.members) topicOf.set(m, c.id);
  for (const d of drawn) {
    nodes.push(datasetNode(d, a.layers.get(d.urn), d.domain ?? topicOf.get(d.urn) ?? null));
    if (d.domain && (!scope || scope.has(d.domain)))
      edges.push({ source: d.urn, target: d.domain, kind: 'IN_DOMAIN', weight: 1 });
    for (const p of inProduct.get(d.urn) ?? [])
      edges.push({ source: d.urn, target: p, kind: 'IN_PRODUCT', weight: 1 });
    for (const t of d.terms) edges.push({ source: d.urn, target: t, kind: 'HAS_TERM', weight: 1 });
    for (const c of d.columns) {
      if (c.terms.length === 0) continue;
      const id = `${d.urn}#${c.path}`;
      nodes.push({
        id,
        kind: 'COLUMN',
        label: c.path,
        urn: null,
        group: d.domain,
        layer: null,
        confidence: null,
        size: 1,
      });
      edges.push({ source: d.urn, target: id, kind: 'HAS_COLUMN', weight: 1 });
      for (const t of c.terms) edges.push({ source: id, target: t, kind: 'HAS_TERM', weight: 1 });
    }
  }
  const groups: OverviewGroup[] = [];
  for (const c of a.clusters) {
    const members = c.members.filter((m) => inScope.has(m));
    if (members.length === 0) continue;
    groups.push({
      id: c.id,
      kind: 'TOPIC',
      label: c.name,
      members: members.length,
      suggested: true,
      words: c.words,
    });
    nodes.push({
      id: c.id,
      kind: 'TOPIC',
      label: c.name,
      urn: null,
      group: c.id,
      layer: null,
      confidence: null,
      size: members.length,
    });
    const drawnSet = new Set(drawn.map((d) => d.urn));
    for (const m of members)
      if (drawnSet.has(m)) edges.push({ source: m, target: c.id, kind: 'SUGGESTED_TOPIC', weight: 1 });
  }
  for (const d of catalog.domains)
    if (!scope || scope.has(d.urn))
      groups.push({
        id: d.urn,
        kind: 'DOMAIN',
        label: d.name,
        members: datasets.filter((x) => x.domain === d.urn).length,
        suggested: false,
        words: [],
      });
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes,
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    groups,
    truncated: datasets.length - drawn.length,
  };
}

/** The datasets drawn in the medallion view (and listed with their evidence), in urn order. */
function medallionDatasets(datasets: CatalogDataset[]): CatalogDataset[] {
  return [...datasets].sort((x, y) => x.urn.localeCompare(y.urn)).slice(0, MAX_DATASET_NODES);
}

function medallion(a: CatalogAnalysis, datasets: CatalogDataset[]) {
  const flows = layerFlows(datasets, a.layers);
  const nodes: OverviewNode[] = flows.nodes.map((n) => ({
    id: `layer:${n.layer}`,
    kind: 'LAYER',
    label: n.layer,
    urn: null,
    group: `layer:${n.layer}`,
    layer: (FLOW_LAYERS.slice(0, 4) as string[]).includes(n.layer) ? (n.layer as Layer) : null,
    confidence: null,
    size: n.count,
  }));
  const edges: OverviewEdge[] = flows.links.map((l) => ({
    source: `layer:${l.from}`,
    target: `layer:${l.to}`,
    kind: 'FLOWS_TO',
    weight: l.count,
  }));
  const drawn = medallionDatasets(datasets);
  const drawnSet = new Set(drawn.map((d) => d.urn));
  for (const d of drawn) {
    const j = a.layers.get(d.urn);
    nodes.push(datasetNode(d, j, `layer:${j?.layer ?? 'unknown'}`));
    for (const u of d.upstreams)
      if (drawnSet.has(u)) edges.push({ source: u, target: d.urn, kind: 'READS', weight: 1 });
  }
  const groups: OverviewGroup[] = flows.nodes.map((n) => ({
    id: `layer:${n.layer}`,
    kind: 'LAYER',
    label: n.layer,
    members: n.count,
    suggested: false,
    words: [],
  }));
  return { nodes, edges, groups, flows, truncated: datasets.length - drawn.length };
}

/** The overview of one perspective over the whole catalog or one domain (with its subdomains). */
export function overviewOf(a: CatalogAnalysis, perspective: Perspective, domain?: string | null): Overview {
  const scope = domainScope(a, domain);
  const datasets = scope
    ? a.catalog.datasets.filter((d) => d.domain && scope.has(d.domain))
    : a.catalog.datasets;
  const inScope = new Set(datasets.map((d) => d.urn));
  const base = {
    perspective,
    domain: domain ? { urn: domain, name: a.domainNames.get(domain) ?? domain } : null,
    datasets: datasets.length,
    readAt: a.catalog.readAt,
  };
  if (perspective === 'TAXONOMY')
    return { ...base, ...taxonomy(a, datasets, scope), layers: [], flows: null, smells: [] };
  return {
    ...base,
    ...medallion(a, datasets),
    layers: medallionDatasets(datasets).map((d) => a.layers.get(d.urn)!),
    smells: a.smells.filter((s) => inScope.has(s.datasetUrn)),
  };
}
