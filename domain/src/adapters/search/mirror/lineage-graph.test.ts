import { describe, expect, it } from 'vitest';
import { LineageGraph } from './lineage-graph.js';

/** The walk as it was written over maps keyed by urn (the reference the graph must agree with). */
function referenceWalk(
  lineage: Map<string, { name: string; upstreams: readonly string[] }>,
  roots: readonly string[],
  maxDepth: number,
  cap: number,
): { urn: string; via: string }[] {
  const depthOf = new Map<string, number>();
  const viaOf = new Map<string, string>();
  let frontier: string[] = [];
  for (const root of roots) {
    const known = lineage.get(root);
    if (!known) continue;
    if (!depthOf.has(root)) frontier.push(root);
    depthOf.set(root, 0);
    const via = viaOf.get(root);
    viaOf.set(root, via !== undefined && via < known.name ? via : known.name);
  }
  const found: string[] = [];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const from of frontier) {
      const via = viaOf.get(from)!;
      for (const up of lineage.get(from)?.upstreams ?? []) {
        const seen = depthOf.get(up);
        if (seen === undefined) {
          depthOf.set(up, depth);
          viaOf.set(up, via);
          next.push(up);
        } else if (seen === depth && via < viaOf.get(up)!) viaOf.set(up, via);
      }
    }
    next.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    found.push(...next);
    frontier = next;
  }
  return found.slice(0, cap).map((urn) => ({ urn, via: viaOf.get(urn)! }));
}

describe('LineageGraph', () => {
  it('walks upstream as the urn-keyed walk did, on random catalogs with changes and removals', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 20; round++) {
      const graph = new LineageGraph();
      const lineage = new Map<string, { name: string; upstreams: string[] }>();
      const urn = (i: number) => `urn:${i}`;
      // Some upstreams (300 and above) are never indexed: listed, not walked through.
      const put = (i: number) => {
        const upstreams = Array.from({ length: Math.floor(random() * 4) }, () =>
          urn(Math.floor(random() * 330)),
        );
        const name = `name${Math.floor(random() * 50)}`;
        lineage.set(urn(i), { name, upstreams });
        graph.put(urn(i), name, upstreams);
      };
      for (let i = 0; i < 300; i++) put(i);
      for (let i = 0; i < 30; i++) put(Math.floor(random() * 300));
      for (let i = 0; i < 20; i++) {
        const gone = urn(Math.floor(random() * 300));
        lineage.delete(gone);
        graph.remove(gone);
      }
      const roots = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        urn(Math.floor(random() * 340)),
      );
      for (const [depth, cap] of [
        [8, 1000],
        [2, 1000],
        [8, 10],
      ] as const)
        expect(graph.walk(roots, depth, cap)).toEqual(referenceWalk(lineage, roots, depth, cap));
    }
  });

  it('counts a change only when a name or the upstreams change', () => {
    const graph = new LineageGraph();
    graph.put('urn:a', 'a', ['urn:b']);
    const v = graph.version;
    graph.put('urn:a', 'a', ['urn:b']);
    expect(graph.version).toBe(v);
    graph.put('urn:a', 'a', ['urn:c']);
    expect(graph.version).toBe(v + 1);
    graph.put('urn:a', 'A', ['urn:c']);
    expect(graph.version).toBe(v + 2);
    graph.remove('urn:b');
    expect(graph.version).toBe(v + 2);
    graph.remove('urn:a');
    expect(graph.version).toBe(v + 3);
    expect(graph.has('urn:a')).toBe(false);
    expect(graph.walk(['urn:a'], 8, 10)).toEqual([]);
  });
});
