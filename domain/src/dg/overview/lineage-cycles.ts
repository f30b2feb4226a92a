import type { CatalogDataset } from './catalog-model.js';

/**
 * Lineage cycles: the strongly connected components of the dataset lineage graph with more than one dataset,
 * or one that reads itself (Tarjan's algorithm, iterative so that a long chain cannot overflow the stack).
 * Each cycle is listed once, its datasets in urn order.
 */
export function lineageCycles(datasets: readonly CatalogDataset[]): string[][] {
  const byUrn = new Map(datasets.map((d) => [d.urn, d]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const edges = (urn: string) => byUrn.get(urn)!.upstreams.filter((u) => byUrn.has(u));

  for (const root of datasets) {
    if (index.has(root.urn)) continue;
    const work: { urn: string; next: number }[] = [{ urn: root.urn, next: 0 }];
    index.set(root.urn, counter);
    low.set(root.urn, counter++);
    stack.push(root.urn);
    onStack.add(root.urn);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = edges(frame.urn);
      if (frame.next < out.length) {
        const w = out[frame.next++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ urn: w, next: 0 });
        } else if (onStack.has(w)) low.set(frame.urn, Math.min(low.get(frame.urn)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.urn, Math.min(low.get(parent.urn)!, low.get(frame.urn)!));
      if (low.get(frame.urn) === index.get(frame.urn)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.urn);
        if (component.length > 1 || out.includes(frame.urn)) cycles.push(component.sort());
      }
    }
  }
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
