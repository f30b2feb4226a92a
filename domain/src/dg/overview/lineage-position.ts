import type { CatalogDataset } from './catalog-model.js';

/**
 * Where each dataset sits in the dataset lineage graph: how far from the roots (the longest chain of
 * upstreams, counted over the graph with its cycles broken), how many datasets read it, and the shortest
 * way down to a dataset that charts or dashboards read.
 */
export interface LineagePosition {
  /** 0 for a root (reads no dataset); else 1 + the deepest upstream's depth. */
  depth: number;
  /** Datasets that read this one directly. */
  downstreams: number;
  /** Hops down to a dataset read by charts or dashboards (0: read itself); null: none below it. */
  toConsumption: number | null;
}

export function lineagePositions(datasets: readonly CatalogDataset[]): Map<string, LineagePosition> {
  const byUrn = new Map(datasets.map((d) => [d.urn, d]));
  const downstream = downstreamsOf(datasets);

  // Longest path from a root, iteratively (no recursion on deep graphs); a node on a cycle counts the cycle
  // once (its edge back to an ancestor still being visited is ignored).
  const depth = new Map<string, number>();
  const state = new Map<string, 1 | 2>();
  for (const start of datasets) {
    if (state.get(start.urn) === 2) continue;
    const stack: { urn: string; next: number }[] = [{ urn: start.urn, next: 0 }];
    state.set(start.urn, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ups = byUrn.get(top.urn)!.upstreams.filter((u) => byUrn.has(u));
      if (top.next < ups.length) {
        const u = ups[top.next++]!;
        if (!state.has(u)) {
          state.set(u, 1);
          stack.push({ urn: u, next: 0 });
        }
        continue;
      }
      let d = 0;
      for (const u of ups) if (state.get(u) === 2) d = Math.max(d, (depth.get(u) ?? 0) + 1);
      depth.set(top.urn, d);
      state.set(top.urn, 2);
      stack.pop();
    }
  }

  // Hops to consumption: a breadth-first search upstream from every dataset charts or dashboards read.
  const toConsumption = new Map<string, number>();
  let frontier = datasets.filter((d) => d.consumers.length > 0).map((d) => d.urn);
  frontier.forEach((u) => toConsumption.set(u, 0));
  for (let hop = 1; frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const urn of frontier)
      for (const u of byUrn.get(urn)!.upstreams)
        if (byUrn.has(u) && !toConsumption.has(u)) {
          toConsumption.set(u, hop);
          next.push(u);
        }
    frontier = next;
  }

  return new Map(
    datasets.map((d) => [
      d.urn,
      {
        depth: depth.get(d.urn) ?? 0,
        downstreams: downstream.get(d.urn)?.length ?? 0,
        toConsumption: toConsumption.get(d.urn) ?? null,
      },
    ]),
  );
}

/** Datasets each dataset is read by (one hop), by urn. */
export function downstreamsOf(datasets: readonly CatalogDataset[]): Map<string, string[]> {
  const known = new Set(datasets.map((d) => d.urn));
  const out = new Map<string, string[]>();
  for (const d of datasets)
    for (const u of d.upstreams) if (known.has(u)) (out.get(u) ?? out.set(u, []).get(u)!).push(d.urn);
  return out;
}
