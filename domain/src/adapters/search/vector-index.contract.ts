import { describe, expect, it } from 'vitest';
import { normalize } from '../../ports/embedder.js';
import type { VectorIndex } from '../../ports/vector-index.js';

/**
 * The contract every vector-index adapter honours, run against each of them (vector-index.test.ts):
 * nearest neighbours by cosine similarity, best first; upsert replaces; remove forgets; `within` restricts;
 * clear empties; dimensions are checked.
 */
export function vectorIndexContract(
  name: string,
  open: () => Promise<{ index: VectorIndex; dispose(): Promise<void> }>,
  options: { skip?: string } = {},
): void {
  const suite = options.skip ? describe.skip : describe;
  if (options.skip) console.warn(`[skip] vector index contract (${name}): ${options.skip}`);
  suite(`vector index contract: ${name}`, () => {
    const dims = 8;
    const v = (...xs: number[]) => normalize([...xs, ...new Array<number>(dims - xs.length).fill(0)]);
    const run = async (body: (index: VectorIndex) => Promise<void>) => {
      const opened = await open();
      const index = opened.index;
      try {
        await index.ensure();
        await index.clear();
        await body(index);
      } finally {
        await opened.dispose();
      }
    };

    it('answers the nearest vectors by cosine similarity, best first', () =>
      run(async (index) => {
        await index.upsert([
          { id: 'urn:a', vector: v(1, 0) },
          { id: 'urn:b', vector: v(1, 1) },
          { id: 'urn:c', vector: v(0, 1) },
          { id: 'urn:d', vector: v(-1, 0) },
        ]);
        const hits = await index.search(v(1, 0.1), 3);
        expect(hits.map((h) => h.id)).toEqual(['urn:a', 'urn:b', 'urn:c']);
        expect(hits[0]!.score).toBeGreaterThan(0.99);
        expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
        expect(await index.count()).toBe(4);
      }));

    it('replaces a vector on upsert and forgets removed ones', () =>
      run(async (index) => {
        await index.upsert([
          { id: 'urn:a', vector: v(1, 0) },
          { id: 'urn:b', vector: v(0, 1) },
        ]);
        await index.upsert([{ id: 'urn:a', vector: v(-1, 0.1) }]);
        expect((await index.search(v(1, 0), 1))[0]!.id).not.toBe('urn:a');
        await index.remove(['urn:b']);
        expect((await index.search(v(0, 1), 5)).map((h) => h.id)).toEqual(['urn:a']);
        expect(await index.count()).toBe(1);
      }));

    it('searches only within the given ids, and nothing within none', () =>
      run(async (index) => {
        await index.upsert([
          { id: 'urn:a', vector: v(1, 0) },
          { id: 'urn:b', vector: v(0.9, 0.1) },
          { id: 'urn:c', vector: v(0, 1) },
        ]);
        expect((await index.search(v(1, 0), 5, ['urn:c', 'urn:b'])).map((h) => h.id)).toEqual([
          'urn:b',
          'urn:c',
        ]);
        expect(await index.search(v(1, 0), 5, [])).toEqual([]);
      }));

    it('answers k neighbours past a graph search default breadth, within many ids as within few', () =>
      run(async (index) => {
        // A deterministic cloud of 4,000 vectors; the exact answers are computed here.
        let seed = 7;
        const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
        const items = Array.from({ length: 4000 }, (_, i) => ({
          id: `urn:p${String(i).padStart(4, '0')}`,
          vector: normalize(Array.from({ length: dims }, random)),
        }));
        await index.upsert(items);
        const query = normalize(Array.from({ length: dims }, random));
        const exact = (ids: Set<string>, k: number) =>
          items
            .filter((it) => ids.has(it.id))
            .map((it) => ({ id: it.id, score: it.vector.reduce((s, x, d) => s + x * query[d]!, 0) }))
            .sort((a, b) => b.score - a.score)
            .slice(0, k)
            .map((h) => h.id);
        const overlap = (a: string[], b: string[]) => a.filter((id) => b.includes(id)).length;
        const all = await index.search(query, 100);
        expect(all).toHaveLength(100);
        expect(
          overlap(
            all.map((h) => h.id),
            exact(new Set(items.map((it) => it.id)), 100),
          ),
        ).toBeGreaterThanOrEqual(95);
        // Three in four of the ids (a broad filter), then one in a hundred (a narrow one).
        for (const keep of [(i: number) => i % 4 !== 0, (i: number) => i % 100 === 0]) {
          const within = items.filter((_, i) => keep(i)).map((it) => it.id);
          const hits = await index.search(query, 20, within);
          const allowed = new Set(within);
          expect(hits).toHaveLength(20);
          expect(hits.every((h) => allowed.has(h.id))).toBe(true);
          expect(
            overlap(
              hits.map((h) => h.id),
              exact(allowed, 20),
            ),
          ).toBeGreaterThanOrEqual(19);
        }
      }));

    it('refuses a vector of the wrong size and empties on clear', () =>
      run(async (index) => {
        await expect(index.upsert([{ id: 'urn:x', vector: normalize([1, 2, 3]) }])).rejects.toThrow(
          /dimensions/,
        );
        await index.upsert([{ id: 'urn:a', vector: v(1) }]);
        await index.clear();
        expect(await index.count()).toBe(0);
        expect(await index.search(v(1), 5)).toEqual([]);
      }));
  });
}
