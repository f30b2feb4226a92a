import { LAYERS, type CatalogDataset, type Layer } from './catalog-model.js';
import type { LayerJudgement } from './layer-inference.js';

/**
 * Flows between layers, ready for a Sankey: one node per layer (and `unknown`, and `consumption` for the
 * charts and dashboards), one link per pair of layers with the count of lineage edges between them. A link
 * within one layer or against the medallion order (gold → silver) cannot be drawn in a Sankey; it is kept
 * with its direction so that a view can list it apart.
 */

export type FlowLayer = Layer | 'unknown' | 'consumption';
export const FLOW_LAYERS: readonly FlowLayer[] = [...LAYERS, 'unknown', 'consumption'];

export interface LayerFlowNode {
  layer: FlowLayer;
  /** Datasets in the layer (for consumption: charts and dashboards). */
  count: number;
}

export interface LayerFlowLink {
  from: FlowLayer;
  to: FlowLayer;
  /** Lineage edges from a dataset of `from` to one of `to`. */
  count: number;
  /** FORWARD: along the medallion order; SAME: within a layer; BACKWARD: against it; UNKNOWN: an end is unknown. */
  direction: 'FORWARD' | 'SAME' | 'BACKWARD' | 'UNKNOWN';
}

export interface LayerFlows {
  nodes: LayerFlowNode[];
  links: LayerFlowLink[];
}

const ORDER = new Map<FlowLayer, number>([...LAYERS, 'consumption' as const].map((l, i) => [l, i]));

function direction(from: FlowLayer, to: FlowLayer): LayerFlowLink['direction'] {
  if (from === 'unknown' || to === 'unknown') return 'UNKNOWN';
  const a = ORDER.get(from)!;
  const b = ORDER.get(to)!;
  return a < b ? 'FORWARD' : a === b ? 'SAME' : 'BACKWARD';
}

/**
 * Flows among `datasets` (a domain's, or the whole catalog's): an edge counts when its reading dataset is
 * among them; what it reads may sit in another domain.
 */
export function layerFlows(
  datasets: readonly CatalogDataset[],
  layers: ReadonlyMap<string, LayerJudgement>,
): LayerFlows {
  const layerOf = (urn: string): FlowLayer | undefined => {
    const j = layers.get(urn);
    return j ? (j.layer ?? 'unknown') : undefined;
  };
  const counts = new Map<FlowLayer, number>();
  const links = new Map<string, number>();
  const consumers = new Set<string>();
  const add = (from: FlowLayer, to: FlowLayer) => {
    const key = `${from}>${to}`;
    links.set(key, (links.get(key) ?? 0) + 1);
  };
  for (const d of datasets) {
    const to = layerOf(d.urn)!;
    counts.set(to, (counts.get(to) ?? 0) + 1);
    for (const u of d.upstreams) {
      const from = layerOf(u);
      if (from) add(from, to);
    }
    for (const c of d.consumers) {
      consumers.add(c.urn);
      add(to, 'consumption');
    }
  }
  counts.set('consumption', consumers.size);
  return {
    nodes: FLOW_LAYERS.filter((l) => (counts.get(l) ?? 0) > 0).map((layer) => ({
      layer,
      count: counts.get(layer)!,
    })),
    links: [...links]
      .map(([key, count]) => {
        const [from, to] = key.split('>') as [FlowLayer, FlowLayer];
        return { from, to, count, direction: direction(from, to) };
      })
      .sort(
        (a, b) =>
          FLOW_LAYERS.indexOf(a.from) - FLOW_LAYERS.indexOf(b.from) ||
          FLOW_LAYERS.indexOf(a.to) - FLOW_LAYERS.indexOf(b.to),
      ),
  };
}
