import { identifierWords } from '../../shared/identifier-words.js';
import { LAYERS, type CatalogDataset, type Layer } from './catalog-model.js';
import { lineagePositions, type LineagePosition } from './lineage-position.js';

/**
 * The medallion layer of each dataset, with the evidence for it and a confidence: the one notion of layer of
 * the product (the catalog summary counts these too). An explicit declaration (a `layer` property, a layer
 * tag or glossary term) decides; otherwise conventions add up: words of the table's name (raw_, stg_, int_,
 * fct_, dim_, mart, agg …), of its schema, database or folder, the platform (operational databases are
 * sources, object stores land raw files, BI tools serve consumption), DataHub subtypes, and the dataset's
 * place in lineage (roots, copies of roots, what charts and dashboards read, leaves deep in the graph).
 * The rules are conventions of the trade, not fitted to one catalog (bench/overview.ts keeps a tuning and a
 * reporting catalog apart).
 */

export type LayerSignal = 'explicit' | 'name' | 'container' | 'platform' | 'subtype' | 'lineage' | 'usage';

export interface LayerEvidence {
  signal: LayerSignal;
  layer: Layer;
  /** How much it counts (explicit declarations decide on their own). */
  weight: number;
  /** What was seen, for a person: `name word "stg"`, `platform postgres` … */
  detail: string;
}

export interface LayerJudgement {
  urn: string;
  /** null: unknown (too little evidence). */
  layer: Layer | null;
  /** 0..1: the winning layer's share of the evidence, discounted when there is little of it. */
  confidence: number;
  /** Strongest first. */
  evidence: LayerEvidence[];
}

/** Values that declare a layer outright (property values, tag and term names). */
const DECLARED: Record<string, Layer> = {
  source: 'source',
  bronze: 'bronze',
  raw: 'bronze',
  silver: 'silver',
  gold: 'gold',
};
/** Custom property keys that declare a layer. */
const LAYER_KEYS = new Set(['layer', 'medallion', 'medallion_layer', 'data_layer', 'tier_layer']);

/** Words of table, schema, database and folder names that say a layer by convention. */
const CONVENTION_WORDS: Record<string, Layer> = {
  raw: 'bronze',
  landing: 'bronze',
  land: 'bronze',
  ingest: 'bronze',
  ingestion: 'bronze',
  bronze: 'bronze',
  lake: 'bronze',
  datalake: 'bronze',
  stg: 'silver',
  staging: 'silver',
  stage: 'silver',
  int: 'silver',
  intermediate: 'silver',
  silver: 'silver',
  clean: 'silver',
  cleaned: 'silver',
  cleansed: 'silver',
  conformed: 'silver',
  refined: 'silver',
  base: 'silver',
  fct: 'gold',
  fact: 'gold',
  facts: 'gold',
  dim: 'gold',
  dimension: 'gold',
  mart: 'gold',
  marts: 'gold',
  datamart: 'gold',
  agg: 'gold',
  aggregate: 'gold',
  aggregated: 'gold',
  rpt: 'gold',
  report: 'gold',
  reporting: 'gold',
  kpi: 'gold',
  kpis: 'gold',
  gold: 'gold',
  analytics: 'gold',
  presentation: 'gold',
  consumption: 'gold',
  serving: 'gold',
  bi: 'gold',
  src: 'source',
  oltp: 'source',
};

/** Platforms whose datasets are systems of record, landing storage, or consumption layers. */
const PLATFORM_LAYER: Record<string, Layer> = {
  postgres: 'source',
  mysql: 'source',
  mariadb: 'source',
  oracle: 'source',
  mssql: 'source',
  db2: 'source',
  mongodb: 'source',
  dynamodb: 'source',
  cassandra: 'source',
  salesforce: 'source',
  kafka: 'source',
  kinesis: 'source',
  pulsar: 'source',
  s3: 'bronze',
  gcs: 'bronze',
  adls: 'bronze',
  abs: 'bronze',
  hdfs: 'bronze',
  file: 'bronze',
  looker: 'gold',
  lookml: 'gold',
  powerbi: 'gold',
  tableau: 'gold',
  superset: 'gold',
  metabase: 'gold',
  mode: 'gold',
  sigma: 'gold',
  qlik: 'gold',
  redash: 'gold',
  quicksight: 'gold',
};

/** DataHub subtypes that say a layer: a stream topic is a source, a BI explore serves consumption. */
const SUBTYPE_LAYER: Record<string, Layer> = {
  topic: 'source',
  source: 'bronze',
  explore: 'gold',
  'semantic model': 'gold',
  'embedded data source': 'gold',
  'published data source': 'gold',
};

const WEIGHT = {
  name: 2,
  container: 2.5,
  platform: 2,
  subtype: 1,
  consumed: 2.5,
  root: 1.5,
  copy: 1.5,
  middle: 1,
  leaf: 1,
} as const;

/** Below this much evidence for the best layer, the dataset's layer is unknown. */
const MIN_EVIDENCE = 1;

/** A layer the dataset declares itself (property, tag or glossary term), with what declared it. */
export function declaredLayer(
  d: Pick<CatalogDataset, 'properties' | 'tags' | 'terms'>,
  termNames: ReadonlyMap<string, string> = new Map(),
): LayerEvidence | null {
  for (const [key, value] of Object.entries(d.properties)) {
    const layer = LAYER_KEYS.has(key.toLowerCase()) ? DECLARED[value.trim().toLowerCase()] : undefined;
    if (layer) return { signal: 'explicit', layer, weight: 100, detail: `property ${key}=${value}` };
  }
  for (const t of d.tags) {
    const layer = DECLARED[t.name.trim().toLowerCase()];
    if (layer) return { signal: 'explicit', layer, weight: 100, detail: `tag ${t.name}` };
  }
  for (const urn of d.terms) {
    const name = termNames.get(urn);
    const layer = name ? DECLARED[name.trim().toLowerCase()] : undefined;
    if (layer) return { signal: 'explicit', layer, weight: 100, detail: `glossary term ${name}` };
  }
  return null;
}

function wordsOf(text: string): string[] {
  return identifierWords(text).split(' ').filter(Boolean);
}

/** The evidence of names, containers, platform and subtypes (what does not need the lineage graph). */
function conventionEvidence(d: CatalogDataset): LayerEvidence[] {
  const out: LayerEvidence[] = [];
  const seen = new Set<string>();
  for (const w of wordsOf(d.name)) {
    const layer = CONVENTION_WORDS[w];
    if (layer && !seen.has(`name:${w}`)) {
      seen.add(`name:${w}`);
      out.push({ signal: 'name', layer, weight: WEIGHT.name, detail: `name word "${w}"` });
    }
  }
  // The path around the table: its schema, database or folder, and its container's name.
  const path = d.qualifiedName.slice(0, Math.max(0, d.qualifiedName.length - d.name.length));
  const containerWords = [path, d.container?.name ?? '', d.container?.qualifiedName ?? ''].flatMap(wordsOf);
  const pathLayers = new Set<string>();
  for (const w of containerWords) {
    const layer = CONVENTION_WORDS[w];
    if (layer && !pathLayers.has(w)) {
      pathLayers.add(w);
      out.push({ signal: 'container', layer, weight: WEIGHT.container, detail: `container word "${w}"` });
    }
  }
  const platformLayer = PLATFORM_LAYER[d.platform.toLowerCase()];
  if (platformLayer)
    out.push({
      signal: 'platform',
      layer: platformLayer,
      weight: WEIGHT.platform,
      detail: `platform ${d.platform}`,
    });
  for (const s of d.subTypes) {
    const layer = SUBTYPE_LAYER[s.toLowerCase()];
    if (layer) out.push({ signal: 'subtype', layer, weight: WEIGHT.subtype, detail: `subtype ${s}` });
  }
  return out;
}

function lineageEvidence(d: CatalogDataset, p: LineagePosition): LayerEvidence[] {
  const out: LayerEvidence[] = [];
  if (d.consumers.length > 0)
    out.push({
      signal: 'usage',
      layer: 'gold',
      weight: WEIGHT.consumed,
      detail: `read by ${d.consumers.length} chart(s) or dashboard(s)`,
    });
  if (p.depth === 0 && p.downstreams > 0)
    out.push({
      signal: 'lineage',
      layer: 'source',
      weight: WEIGHT.root,
      detail: 'a lineage root that feeds others',
    });
  else if (p.depth === 1 && d.upstreams.length === 1 && p.downstreams > 0)
    out.push({
      signal: 'lineage',
      layer: 'bronze',
      weight: WEIGHT.copy,
      detail: 'reads one lineage root only',
    });
  else if (p.depth >= 1 && p.downstreams > 0 && d.consumers.length === 0)
    out.push({
      signal: 'lineage',
      layer: 'silver',
      weight: WEIGHT.middle,
      detail: `mid-lineage (depth ${p.depth})`,
    });
  else if (p.depth >= 2 && p.downstreams === 0)
    out.push({
      signal: 'lineage',
      layer: 'gold',
      weight: WEIGHT.leaf,
      detail: `a lineage leaf at depth ${p.depth}`,
    });
  return out;
}

/** Judges one dataset from its evidence. */
export function judge(urn: string, evidence: LayerEvidence[]): LayerJudgement {
  const sorted = [...evidence].sort((a, b) => b.weight - a.weight);
  const explicit = sorted.find((e) => e.signal === 'explicit');
  if (explicit) return { urn, layer: explicit.layer, confidence: 0.99, evidence: [explicit] };
  const score = new Map<Layer, number>(LAYERS.map((l) => [l, 0]));
  for (const e of sorted) score.set(e.layer, (score.get(e.layer) ?? 0) + e.weight);
  const ranked = [...score].sort((a, b) => b[1] - a[1] || LAYERS.indexOf(a[0]) - LAYERS.indexOf(b[0]));
  const [bestLayer, best] = ranked[0]!;
  const total = ranked.reduce((s, [, v]) => s + v, 0);
  if (best < MIN_EVIDENCE) return { urn, layer: null, confidence: 0, evidence: sorted };
  // Share of the evidence, times how much evidence there is (one weak clue is not certainty).
  const confidence = (best / total) * (1 - Math.exp(-best / 2.5));
  return { urn, layer: bestLayer, confidence: Math.round(confidence * 100) / 100, evidence: sorted };
}

/** Every dataset's layer judgement, by urn. */
export function inferLayers(
  datasets: readonly CatalogDataset[],
  termNames: ReadonlyMap<string, string> = new Map(),
): Map<string, LayerJudgement> {
  const positions = lineagePositions(datasets);
  const out = new Map<string, LayerJudgement>();
  for (const d of datasets) {
    const declared = declaredLayer(d, termNames);
    const evidence = declared
      ? [declared]
      : [...conventionEvidence(d), ...lineageEvidence(d, positions.get(d.urn)!)];
    out.set(d.urn, judge(d.urn, evidence));
  }
  return out;
}
