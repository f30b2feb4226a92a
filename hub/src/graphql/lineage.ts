import { sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { parseUrn } from '../urn.js';

/**
 * Lineage over the relationship graph, as DataHub walks it: a dataset's upstreams are the datasets it is
 * DownstreamOf and the jobs that Produce it; a job's upstreams are the datasets it Consumes and the jobs it is
 * DownstreamOf; charts and dashboards Consume datasets and dashboards Contain charts.
 */

export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM';

/** Edge types whose source is the downstream side. */
const SOURCE_IS_DOWNSTREAM = ['DownstreamOf', 'Consumes', 'Contains'];
/** Edge types whose source is the upstream side. */
const SOURCE_IS_UPSTREAM = ['Produces'];

export interface LineageEdge {
  /** The node the hop starts from. */
  from: string;
  /** The node the hop reaches. */
  to: string;
  type: string;
  createdOn: number | null;
}

/**
 * One hop in a direction from many nodes, in one query. A self-edge (a dataset listed as its own upstream) stays
 * in the relationship graph but is no hop, as in DataHub's lineage walk (GraphQueryUtils.processSearchHit:
 * "Skipping a self-edge"): it would lead back to where the hop started.
 */
export async function lineageHop(
  store: Store,
  urns: readonly string[],
  direction: LineageDirection,
): Promise<LineageEdge[]> {
  if (urns.length === 0) return [];
  const f = pgTextArray(urns);
  const down = pgTextArray(SOURCE_IS_DOWNSTREAM);
  const up = pgTextArray(SOURCE_IS_UPSTREAM);
  const rows =
    direction === 'UPSTREAM'
      ? await store.query<{ from: string; to: string; type: string; created_on: unknown }>(sql`
          select source_urn as "from", destination_urn as "to", relationship_type as type, created_on
            from hub.relationship where source_urn = any(${f}::text[]) and relationship_type = any(${down}::text[])
              and destination_urn <> source_urn
          union all
          select destination_urn, source_urn, relationship_type, created_on
            from hub.relationship where destination_urn = any(${f}::text[]) and relationship_type = any(${up}::text[])
              and destination_urn <> source_urn`)
      : await store.query<{ from: string; to: string; type: string; created_on: unknown }>(sql`
          select destination_urn as "from", source_urn as "to", relationship_type as type, created_on
            from hub.relationship where destination_urn = any(${f}::text[]) and relationship_type = any(${down}::text[])
              and destination_urn <> source_urn
          union all
          select source_urn, destination_urn, relationship_type, created_on
            from hub.relationship where source_urn = any(${f}::text[]) and relationship_type = any(${up}::text[])
              and destination_urn <> source_urn`);
  return rows.map((r) => ({
    from: r.from,
    to: r.to,
    type: r.type,
    createdOn: r.created_on == null ? null : new Date(r.created_on as string | Date).getTime(),
  }));
}

export interface ReachedNode {
  urn: string;
  degree: number;
  /** Urns from the start node to this one, both included (first path found). */
  path: string[];
  /** The entity was passed through without counting as a hop. */
  ignoredAsHop: boolean;
}

export interface TraverseOptions {
  maxHops?: number;
  maxNodes?: number;
  /** Entity types (hub names) that do not count as a hop, e.g. dataJob (DataHub's ignoreAsHops). */
  ignoreAsHops?: ReadonlySet<string>;
}

function entityType(urn: string): string | undefined {
  try {
    return parseUrn(urn).entityType;
  } catch {
    return undefined;
  }
}

/** Breadth-first walk from `start`; each reached node keeps its smallest degree. */
export async function traverseLineage(
  store: Store,
  start: string,
  direction: LineageDirection,
  options: TraverseOptions = {},
): Promise<{ nodes: ReachedNode[]; truncated: boolean }> {
  const maxHops = options.maxHops ?? 1000;
  const maxNodes = options.maxNodes ?? 10_000;
  const ignore = options.ignoreAsHops ?? new Set<string>();
  const reached = new Map<string, ReachedNode>([
    [start, { urn: start, degree: 0, path: [start], ignoredAsHop: false }],
  ]);
  let frontier = [start];
  let nextLevel: string[] = [];
  let truncated = false;
  while (frontier.length > 0) {
    const edges = await lineageHop(store, frontier, direction);
    const sameLevel: string[] = [];
    for (const edge of edges) {
      if (reached.has(edge.to)) continue;
      const from = reached.get(edge.from);
      if (!from) continue;
      const passThrough = edge.from !== start && from.ignoredAsHop;
      const degree = from.degree + (passThrough ? 0 : 1);
      if (degree > maxHops) continue;
      const type = entityType(edge.to);
      const node: ReachedNode = {
        urn: edge.to,
        degree,
        path: [...from.path, edge.to],
        ignoredAsHop: type !== undefined && ignore.has(type),
      };
      reached.set(edge.to, node);
      (passThrough ? sameLevel : nextLevel).push(edge.to);
      if (reached.size > maxNodes) {
        truncated = true;
        break;
      }
    }
    if (truncated) break;
    // Nodes passed through (ignored as hops) are expanded before the next degree starts.
    if (sameLevel.length > 0) frontier = sameLevel;
    else {
      frontier = nextLevel;
      nextLevel = [];
    }
  }
  reached.delete(start);
  return { nodes: [...reached.values()], truncated };
}
