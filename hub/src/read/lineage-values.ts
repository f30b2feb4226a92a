/**
 * DataHub's one-hop `lineage` value of an entity from the hub's lineage edges. Shared by the hub's GraphQL
 * resolvers and the embedded hub port.
 */
import type { LineageEdge } from '../graphql/lineage.js';
import { ref } from './values.js';

/** The edges with each (type, entity) once: an entity can be reached by the same edge from two aspects. */
export function uniqueLineageEdges(edges: readonly LineageEdge[]): LineageEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => !seen.has(`${e.type} ${e.to}`) && seen.add(`${e.type} ${e.to}`));
}

/**
 * The page of relationships from `sourceUrn` over `unique` edges (uniqueLineageEdges), of which `live[i]`
 * says whether edge i leads to an entity that exists (ghosts are left out and counted as filtered).
 */
export function lineageValue(
  sourceUrn: string,
  unique: readonly LineageEdge[],
  live: readonly unknown[],
  start: number,
  count: number,
) {
  const kept = unique.filter((_, i) => live[i] === true).sort((a, b) => a.to.localeCompare(b.to));
  return {
    start,
    count: Math.max(0, Math.min(count, kept.length - start)),
    total: kept.length,
    filtered: unique.length - kept.length,
    relationships: kept.slice(start, start + count).map((e) => ({
      type: e.type,
      entity: ref(e.to),
      degree: 1,
      createdOn: e.createdOn,
      createdActor: null,
      updatedOn: e.createdOn,
      updatedActor: null,
      isManual: null,
      paths: [{ path: [ref(sourceUrn), ref(e.to)] }],
    })),
  };
}
