/**
 * The layer flows as Recharts' Sankey wants them (nodes by index, links by node index): only the links that
 * run along the medallion order can be drawn (a Sankey has no cycles); the others are returned apart so the
 * view can list them.
 */

export interface Flow {
  from: string;
  to: string;
  count: number;
  direction: string;
}

export interface SankeyInput {
  nodes: { name: string; count: number }[];
  links: { source: number; target: number; value: number }[];
  /** Links within one layer, against the order, or with an unknown end. */
  undrawn: Flow[];
}

export function sankeyData(
  nodes: readonly { layer: string; count: number }[],
  links: readonly Flow[],
): SankeyInput {
  const drawn = links.filter((l) => l.direction === 'FORWARD');
  const used = new Set(drawn.flatMap((l) => [l.from, l.to]));
  const kept = nodes.filter((n) => used.has(n.layer));
  const index = new Map(kept.map((n, i) => [n.layer, i]));
  return {
    nodes: kept.map((n) => ({ name: n.layer, count: n.count })),
    links: drawn.map((l) => ({ source: index.get(l.from)!, target: index.get(l.to)!, value: l.count })),
    undrawn: links.filter((l) => l.direction !== 'FORWARD'),
  };
}
