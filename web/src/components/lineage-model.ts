/**
 * The lineage graph's model, kept apart from the drawing so it can be tested without a canvas: nodes placed
 * in columns by hop (upstream to the left, downstream to the right), one edge per relationship pointing the
 * way data flows.
 */

export type Direction = 'UPSTREAM' | 'DOWNSTREAM';

export interface LineageNeighbour {
  urn: string;
  type: string;
  label: string;
  /** What kind of thing it is, for the badge: a platform name, "job", "chart", "dashboard". */
  kind: string;
  relationship: string;
}

export interface LineageNode {
  urn: string;
  label: string;
  kind: string;
  type: string;
  /** 0 for the dataset itself, -n for n hops upstream, +n downstream. */
  level: number;
  /** Set once its own neighbours in its direction were loaded. */
  expanded: boolean;
}

export interface LineageEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

export interface LineageModel {
  nodes: Map<string, LineageNode>;
  edges: Map<string, LineageEdge>;
}

export function startModel(root: { urn: string; label: string; kind: string }): LineageModel {
  return {
    nodes: new Map([[root.urn, { ...root, type: 'DATASET', level: 0, expanded: true }]]),
    edges: new Map(),
  };
}

/** Adds `from`'s neighbours one hop further in `direction`; a node already drawn keeps its place. */
export function addHop(
  model: LineageModel,
  from: string,
  direction: Direction,
  neighbours: LineageNeighbour[],
): LineageModel {
  const origin = model.nodes.get(from);
  if (!origin) return model;
  const nodes = new Map(model.nodes);
  const edges = new Map(model.edges);
  nodes.set(from, { ...origin, expanded: true });
  const step = direction === 'UPSTREAM' ? -1 : 1;
  for (const n of neighbours) {
    if (!nodes.has(n.urn)) {
      nodes.set(n.urn, {
        urn: n.urn,
        label: n.label,
        kind: n.kind,
        type: n.type,
        level: origin.level + step,
        // Only datasets have lineage in this API; the rest cannot be expanded.
        expanded: n.type !== 'DATASET',
      });
    }
    const [source, target] = direction === 'UPSTREAM' ? [n.urn, from] : [from, n.urn];
    const id = `${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, label: n.relationship });
  }
  return { nodes, edges };
}

export const COLUMN_WIDTH = 300;
export const ROW_HEIGHT = 78;

/** Positions: one column per level, nodes of a column stacked and centred on the dataset's row. */
export function layout(model: LineageModel): Map<string, { x: number; y: number }> {
  const columns = new Map<number, LineageNode[]>();
  for (const node of model.nodes.values()) {
    const column = columns.get(node.level) ?? [];
    column.push(node);
    columns.set(node.level, column);
  }
  const positions = new Map<string, { x: number; y: number }>();
  for (const [level, column] of columns) {
    column.sort((a, b) => a.label.localeCompare(b.label));
    column.forEach((node, i) => {
      positions.set(node.urn, {
        x: level * COLUMN_WIDTH,
        y: (i - (column.length - 1) / 2) * ROW_HEIGHT,
      });
    });
  }
  return positions;
}
