/**
 * Places the taxonomy graph in columns, left to right from the glossary to the catalog: glossary nodes,
 * glossary terms, columns, datasets, domains and data products, suggested topics. Each column keeps the
 * server's order (datasets with terms or products first) and at most `perColumn` nodes, so that a large
 * catalog stays readable; edges to a node left out are dropped.
 */

export interface TaxonomyNode {
  id: string;
  kind: string;
  label: string;
  urn?: string | null;
  size: number;
}

export interface TaxonomyEdge {
  source: string;
  target: string;
  kind: string;
}

export interface Placed extends TaxonomyNode {
  x: number;
  y: number;
}

const COLUMNS: Record<string, number> = {
  GLOSSARY_NODE: 0,
  GLOSSARY_TERM: 1,
  COLUMN: 2,
  DATASET: 3,
  DOMAIN: 4,
  DATA_PRODUCT: 4,
  TOPIC: 5,
};
const COLUMN_WIDTH = 260;
const ROW_HEIGHT = 56;

export function taxonomyLayout(
  nodes: readonly TaxonomyNode[],
  edges: readonly TaxonomyEdge[],
  perColumn = 24,
): { nodes: Placed[]; edges: TaxonomyEdge[]; hidden: number } {
  const rows = new Map<number, number>();
  const placed: Placed[] = [];
  let hidden = 0;
  for (const n of nodes) {
    const column = COLUMNS[n.kind];
    if (column === undefined) continue;
    const row = rows.get(column) ?? 0;
    if (row >= perColumn) {
      hidden += 1;
      continue;
    }
    rows.set(column, row + 1);
    placed.push({ ...n, x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT });
  }
  const ids = new Set(placed.map((n) => n.id));
  return { nodes: placed, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)), hidden };
}
